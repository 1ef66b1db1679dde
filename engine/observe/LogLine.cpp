#include "LogLine.h"

#include <QDateTime>

namespace ensemble {

std::optional<LogLine> splitLogLine(QStringView line)
{
    // "yyyy-MM-dd HH:mm:ss,zzz LEVEL [logger] message": the timestamp is 23 characters.
    if (line.size() < 30 || line[4] != u'-' || line[10] != u' ' || line[19] != u',' || line[23] != u' ')
        return std::nullopt;
    const qsizetype levelEnd = line.indexOf(u' ', 24);
    if (levelEnd < 0 || levelEnd + 1 >= line.size() || line[levelEnd + 1] != u'[')
        return std::nullopt;
    const qsizetype loggerEnd = line.indexOf(u"] ", levelEnd + 2);
    if (loggerEnd < 0)
        return std::nullopt;
    LogLine out;
    out.timestamp = line.first(23);
    out.level = line.sliced(24, levelEnd - 24);
    out.logger = line.sliced(levelEnd + 2, loggerEnd - levelEnd - 2);
    out.message = line.sliced(loggerEnd + 2);
    return out;
}

qint64 logTimestampMs(QStringView timestamp)
{
    if (timestamp.size() != 23)
        return 0;
    auto num = [&](qsizetype pos, qsizetype len) {
        int v = 0;
        for (qsizetype i = pos; i < pos + len; ++i) {
            const char16_t c = timestamp[i].unicode();
            if (c < u'0' || c > u'9')
                return -1;
            v = v * 10 + (c - u'0');
        }
        return v;
    };
    const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2),
              ms = num(20, 3);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || ms < 0)
        return 0;
    const QDateTime t(QDate(y, mo, d), QTime(h, mi, s, ms));
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

} // namespace ensemble
