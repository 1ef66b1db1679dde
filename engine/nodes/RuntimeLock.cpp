#include "RuntimeLock.h"

#include <QCollator>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
const auto kResourceDir = u":/ensemble/runtime"_s;

bool isHex(const QByteArray &text, int length)
{
    static const QRegularExpression hex(u"^[0-9a-f]+$"_s);
    return text.size() == length && hex.match(QString::fromLatin1(text)).hasMatch();
}
} // namespace

QString LockedJar::fileName() const
{
    return artifact + u'-' + version + (classifier.isEmpty() ? QString() : u'-' + classifier) + u".jar"_s;
}

QString LockedJar::repositoryPath() const
{
    return QString(group).replace(u'.', u'/') + u'/' + artifact + u'/' + version + u'/' + fileName();
}

QString LockedJar::coordinates() const
{
    return group + u':' + artifact + u':' + version + (classifier.isEmpty() ? QString() : u':' + classifier);
}

qint64 RuntimeLock::totalBytes() const
{
    qint64 total = 0;
    for (const LockedJar &jar : jars)
        total += jar.size;
    return total;
}

Expected<RuntimeLock> RuntimeLock::parse(const QByteArray &text)
{
    RuntimeLock lock;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> f = line.simplified().split(' ');
        auto bad = [i](const QString &why) {
            return Error::badInput(
                u"runtime lock line %1: %2 — regenerate it with installer/runtime-lock.sh"_s.arg(i + 1).arg(why));
        };
        if (f.first() == "kafka" && f.size() == 2) {
            lock.kafkaVersion = QString::fromLatin1(f.at(1));
        } else if (f.first() == "stamp" && f.size() > 1) {
            lock.stamp = QString::fromLatin1(line.mid(6).trimmed());
        } else if (f.first() == "jar" && f.size() == 5) {
            const QStringList c = QString::fromLatin1(f.at(1)).split(u':');
            if (c.size() < 3 || c.size() > 4 || c.contains(QString()))
                return bad(u"'%1' is not group:artifact:version[:classifier]"_s.arg(QString::fromLatin1(f.at(1))));
            LockedJar jar{c.at(0), c.at(1), c.at(2), c.value(3), 0, f.at(3), f.at(4)};
            bool ok = false;
            jar.size = f.at(2).toLongLong(&ok);
            if (!ok || jar.size <= 0)
                return bad(u"size '%1' is not a positive number"_s.arg(QString::fromLatin1(f.at(2))));
            if (!isHex(jar.sha1, 40) || !isHex(jar.sha256, 64))
                return bad(u"the checksums of %1 are not a SHA-1 and a SHA-256 in hex"_s.arg(jar.coordinates()));
            if (jar.fileName().contains(u'/') || jar.fileName().startsWith(u'.'))
                return bad(u"'%1' does not name a plain file"_s.arg(jar.fileName()));
            lock.jars.append(jar);
        } else {
            return bad(u"expected `kafka VERSION`, `stamp ...` or `jar COORDINATES SIZE SHA1 SHA256`"_s);
        }
    }
    if (lock.kafkaVersion.isEmpty() || lock.stamp.isEmpty() || lock.jars.isEmpty())
        return Error::badInput(u"runtime lock: no `kafka`, `stamp` or `jar` line — regenerate it with "
                               "installer/runtime-lock.sh"_s);
    return lock;
}

QStringList RuntimeLock::knownVersions()
{
    QStringList out;
    for (const QString &name : QDir(kResourceDir).entryList({u"kafka-*.lock"_s}, QDir::Files))
        out.append(name.mid(6).chopped(5));
    QCollator numeric;
    numeric.setNumericMode(true);
    std::sort(out.begin(), out.end(), numeric);
    return out;
}

Expected<RuntimeLock> RuntimeLock::forVersion(const QString &version)
{
    QFile file(kResourceDir + u"/kafka-"_s + version + u".lock"_s);
    if (version.isEmpty() || version.contains(u'/') || !file.open(QIODevice::ReadOnly))
        return Error::badInput(u"Ensemble cannot install Kafka '%1' — it installs %2; for another version point "
                               "KAFKA_HOME (or `kafka_home:`) at an Apache Kafka distribution"_s.arg(
                                   version, knownVersions().join(u", "_s)));
    return parse(file.readAll());
}

QByteArray RuntimeLock::checksumFromFile(const QByteArray &text, int hexLength)
{
    const QList<QByteArray> words = text.simplified().split(' ');
    const QByteArray first = words.first().toLower();
    return isHex(first, hexLength) ? first : QByteArray();
}

} // namespace ensemble
