// Writing YAML by hand (the exporters keep their own layout and comments): a value as a plain scalar when
// YAML reads it back as the same string, double-quoted otherwise.
#pragma once

#include <QString>

namespace ensemble {

// plain when safe ("kafka-1", "127.0.0.1:9092"), else double-quoted with escapes.
QString yamlScalar(const QString &value);
// Always double-quoted: for environment values, which docker compose wants as strings.
QString yamlQuoted(const QString &value);

} // namespace ensemble
