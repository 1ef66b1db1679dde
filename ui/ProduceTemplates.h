// Where the produce form keeps what it remembers (QSettings): named templates (group "produce/templates") and the
// last form sent or left ("produce/last").
#pragma once

#include "ProduceFormInput.h"

#include <QStringList>

#include <optional>

namespace ensemble::ui {

class ProduceTemplates
{
  public:
    static QStringList names(); // sorted, case-insensitively
    static void save(const QString &name, const ProduceFormInput &input);
    static std::optional<ProduceFormInput> load(const QString &name);
    static void remove(const QString &name);

    static void rememberLast(const ProduceFormInput &input);
    static std::optional<ProduceFormInput> last();
};

} // namespace ensemble::ui
