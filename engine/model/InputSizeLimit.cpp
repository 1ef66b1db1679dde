#include "InputSizeLimit.h"

using namespace Qt::StringLiterals;

namespace ensemble {

std::optional<Diagnostic> oversizedFile(qsizetype size, const QString &what)
{
    if (size <= kMaxInputFileBytes)
        return std::nullopt;
    return Diagnostic{Severity::Error, 0, 0,
                      u"the %1 is %2 MiB; at most %3 MiB of a %1 is read"_s.arg(what)
                          .arg(double(size) / (1024 * 1024), 0, 'f', 1)
                          .arg(kMaxInputFileBytes / (1024 * 1024)),
                      u"check that it is the right file (a %1 is a few KiB of YAML)"_s.arg(what)};
}

} // namespace ensemble
