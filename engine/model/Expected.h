// Errors as values: a result or a message the user can act on, and whether the input or the run was at fault.
#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace ensemble {

struct Error
{
    enum class Kind { BadInput, Runtime };
    Kind kind = Kind::Runtime;
    QString message; // "what went wrong — what to do"

    static Error badInput(QString message) { return Error{Kind::BadInput, std::move(message)}; }
    static Error runtime(QString message) { return Error{Kind::Runtime, std::move(message)}; }
    int exitCode() const { return kind == Kind::BadInput ? 2 : 1; }
};

template <typename T> class [[nodiscard]] Expected
{
  public:
    Expected(T value) : m_value(std::move(value)) {}
    Expected(Error error) : m_value(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    T &value() { return std::get<T>(m_value); }
    const T &value() const { return std::get<T>(m_value); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    const Error &error() const { return std::get<Error>(m_value); }

  private:
    std::variant<T, Error> m_value;
};

// For operations that return nothing but may fail.
struct Done
{
};
using Status = Expected<Done>;
inline Status ok()
{
    return Done{};
}

} // namespace ensemble
