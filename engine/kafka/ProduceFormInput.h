// What the produce form (or any caller) asks for, checked as a pure function before anything is sent: bad JSON
// (with line and column), a header without a name, a placeholder mistake, count and rate out of range. A valid
// input turns into a ProduceRequest whose messages are expanded from templates one by one.
#pragma once

#include "Expected.h"
#include "KafkaProducer.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace ensemble {

struct ProduceFormInput
{
    enum class ValueType { Text, Json };

    QString topic;
    bool hasKey = false;
    QString key;
    QString value;
    ValueType valueType = ValueType::Text;
    QList<std::pair<QString, QString>> headers; // rows with an empty name and value are ignored
    int partition = -1;                         // -1 = automatic
    QString acks = QStringLiteral("all");
    QString compression = QStringLiteral("none");
    int count = 1;
    int ratePerSecond = 0; // 0 = unlimited
    bool keepProducing = false;
    bool literal = false; // true: placeholders are sent as typed

    // For saved templates and the remembered last form (missing keys keep their defaults).
    QJsonObject toJson() const;
    static ProduceFormInput fromJson(const QJsonObject &json);
    bool operator==(const ProduceFormInput &) const = default;

    static constexpr int kMaxCount = 1'000'000;
    static constexpr int kMaxRate = 100'000;
    static constexpr int kMaxKeepProducingRate = 10'000;
};

// One thing wrong with the input: which field, and a message the user can act on.
struct FormProblem
{
    QString field; // topic, key, value, headers, partition, acks, compression, count, rate
    QString message;
    bool operator==(const FormProblem &) const = default;
};

// Every problem, in field order; empty when the input can be sent.
QList<FormProblem> validateProduceForm(const ProduceFormInput &input);

// The request for a valid input (templates compiled into ProduceRequest::messageFor); the first problem otherwise.
Expected<ProduceRequest> toProduceRequest(const ProduceFormInput &input);

// "line L, column C" for a byte OFFSET into TEXT (QJsonParseError::offset counts UTF-8 bytes).
QString lineColumnAt(const QByteArray &text, int offset);

} // namespace ensemble
