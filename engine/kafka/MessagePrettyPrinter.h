// Indents a JSON message value for the produce form's Pretty button, keeping MessageTemplate placeholders as typed:
// {"id": {{seq}}} is not JSON until expanded, yet it is what the user means to send.
#pragma once

#include "Expected.h"

#include <QString>

namespace ensemble {

class MessagePrettyPrinter
{
  public:
    // TEXT indented (4 spaces, as QJsonDocument writes it), placeholders kept; a BadInput error saying where the
    // text is not JSON otherwise.
    static Expected<QString> indentJson(const QString &text);

  private:
    // Each placeholder stands in as a distinctive number while the JSON is parsed: valid inside a string and as a
    // value alike; 12 digits each, so no stand-in is part of another.
    static constexpr qint64 kPlaceholderToken = 987'654'321'000;
};

} // namespace ensemble
