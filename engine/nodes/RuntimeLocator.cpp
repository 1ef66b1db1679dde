#include "RuntimeLocator.h"

#include "Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

const auto kInstallHint = u"run `ensemble runtime install %1` to fetch Kafka %1, or point KAFKA_HOME (or "
                          "`kafka_home:` in the cluster file) at an Apache Kafka %1 distribution"_s;

QString installedList()
{
    const QStringList versions = RuntimeLocator::installedVersions();
    return versions.isEmpty() ? u"none installed"_s : u"installed: "_s + versions.join(u", "_s);
}

// `java -version` starts a JVM (tens of milliseconds): its answer is kept per executable, for as long as the file
// is unchanged, so starting a cluster again — or after warmUp() — asks the cache instead.
struct JavaVersionCache
{
    QMutex mutex;
    QHash<QString, std::pair<QDateTime, int>> versions; // java path -> (modified, major)
};

JavaVersionCache &javaVersions()
{
    static JavaVersionCache cache;
    return cache;
}

int runJavaVersion(const QString &java);

// A JDK or JRE says its version in JAVA_HOME/release (JAVA_VERSION="17.0.15"): reading it costs a file read where
// `java -version` costs a JVM start. 0 when there is no such file (then java itself is asked).
int releaseFileMajor(const QString &java)
{
    const QString real = QFileInfo(java).canonicalFilePath(); // /usr/bin/java is a chain of links
    if (real.isEmpty())
        return 0;
    QFile release(QFileInfo(real).absolutePath() + u"/../release"_s);
    if (!release.open(QIODevice::ReadOnly))
        return 0;
    static const QRegularExpression re(u"^JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?"_s, QRegularExpression::MultilineOption);
    const auto m = re.match(QString::fromUtf8(release.read(64 * 1024)));
    if (!m.hasMatch())
        return 0;
    const int major = m.captured(1).toInt();
    return major == 1 ? m.captured(2).toInt() : major; // "1.8.0_392" is Java 8
}

int javaMajorVersion(const QString &java)
{
    JavaVersionCache &cache = javaVersions();
    const QDateTime modified = QFileInfo(java).lastModified();
    {
        QMutexLocker lock(&cache.mutex);
        if (const auto it = cache.versions.constFind(java); it != cache.versions.cend() && it->first == modified)
            return it->second;
    }
    // Asked without the lock held, so no caller ever waits on another's JVM start (two may ask at once: harmless).
    int major = releaseFileMajor(java);
    if (major == 0)
        major = runJavaVersion(java);
    if (major > 0) {
        QMutexLocker lock(&cache.mutex);
        cache.versions.insert(java, {modified, major});
    }
    return major;
}

int runJavaVersion(const QString &java)
{
    QProcess p;
    p.start(java, {u"-version"_s});
    if (!p.waitForFinished(15000))
        return 0;
    const QString text = QString::fromLocal8Bit(p.readAllStandardError() + p.readAllStandardOutput());
    static const QRegularExpression re(u"version \"(\\d+)(?:\\.(\\d+))?"_s);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return 0;
    const int major = m.captured(1).toInt();
    return major == 1 ? m.captured(2).toInt() : major; // "1.8.0" is Java 8
}

} // namespace

QString RuntimeLocator::installedLibDir(const QString &kafkaVersion)
{
    const QString version = kafkaVersion.isEmpty() ? QString::fromLatin1(kPinnedKafkaVersion) : kafkaVersion;
    return Workspace::dataRoot() + u"/runtime/kafka-"_s + version + u"/libs"_s;
}

QStringList RuntimeLocator::installedVersions()
{
    QStringList out;
    const QDir root(Workspace::dataRoot() + u"/runtime"_s);
    for (const QString &dir : root.entryList({u"kafka-*"_s}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(root.filePath(dir + u"/.complete"_s)))
            out.append(dir.mid(6));
    return out;
}

Expected<QString> RuntimeLocator::findJava(const QString &explicitPath)
{
    QString java = explicitPath;
    QString from = u"the cluster file's `java`"_s;
    if (java.isEmpty()) {
        const QString home = QProcessEnvironment::systemEnvironment().value(u"JAVA_HOME"_s);
        if (!home.isEmpty() && QFileInfo(home + u"/bin/java"_s).isExecutable()) {
            java = home + u"/bin/java"_s;
            from = u"JAVA_HOME"_s;
        } else {
            java = QStandardPaths::findExecutable(u"java"_s);
            from = u"PATH"_s;
        }
    }
    if (java.isEmpty() || !QFileInfo(java).isExecutable())
        return Error::badInput(u"no Java runtime found%1 — install one with `installer/setup.sh` (or "
                               "`apt-get install openjdk-17-jre-headless`), or set JAVA_HOME"_s.arg(
                                   explicitPath.isEmpty() ? QString() : u" at "_s + explicitPath));
    Q_UNUSED(from);
    return QFileInfo(java).absoluteFilePath();
}

Expected<Runtime> RuntimeLocator::inspectLibDir(const QString &dir, const QString &source)
{
    const QDir libs(dir);
    if (!libs.exists())
        return Error::badInput(u"no Kafka runtime at %1 (from %2; %3) — "_s.arg(dir, source, installedList()) +
                               kInstallHint.arg(QString::fromLatin1(kPinnedKafkaVersion)));
    static const QRegularExpression kafkaJar(u"^kafka_2\\.1[23]-(\\d+\\.\\d+\\.\\d+)\\.jar$"_s);
    static const QRegularExpression zkJar(u"^zookeeper-(\\d+\\.\\d+\\.\\d+)\\.jar$"_s);
    Runtime runtime;
    runtime.libDir = libs.absolutePath();
    runtime.source = source;
    for (const QString &jar : libs.entryList({u"*.jar"_s}, QDir::Files)) {
        if (auto m = kafkaJar.match(jar); m.hasMatch())
            runtime.kafkaVersion = m.captured(1);
        if (auto m = zkJar.match(jar); m.hasMatch())
            runtime.zookeeperVersion = m.captured(1);
    }
    if (runtime.kafkaVersion.isEmpty())
        return Error::badInput(u"%1 (from %2) holds no Kafka broker jar (kafka_2.13-*.jar) — "_s.arg(dir, source) +
                               kInstallHint.arg(QString::fromLatin1(kPinnedKafkaVersion)));
    return runtime;
}

Expected<Runtime> RuntimeLocator::locate(const ClusterSpec &spec)
{
    auto java = findJava(spec.java);
    if (!java)
        return java.error();

    Expected<Runtime> runtime = Error::runtime({});
    const QString kafkaHome = QProcessEnvironment::systemEnvironment().value(u"KAFKA_HOME"_s);
    if (!spec.kafkaHome.isEmpty())
        runtime = inspectLibDir(spec.kafkaHome + u"/libs"_s, u"kafka_home in the cluster file"_s);
    else if (!kafkaHome.isEmpty())
        runtime = inspectLibDir(kafkaHome + u"/libs"_s, u"KAFKA_HOME"_s);
    else if (const QString dir = installedLibDir(spec.effectiveKafkaVersion()); QFileInfo::exists(dir))
        runtime = inspectLibDir(dir, u"the installed runtime"_s);
    else
        return Error::badInput(u"Kafka %1 is not installed (%2) — run `ensemble runtime install %1` (no Maven "
                               "needed), set `kafka_version:` to an installed one, or point "
                               "`kafka_home:` / KAFKA_HOME at an Apache Kafka %1 distribution"_s.arg(
                                   spec.effectiveKafkaVersion(), installedList()));
    if (!runtime)
        return runtime;
    // A runtime given by path must be the version the cluster file asks for (or any 3.x for ZooKeeper mode).
    if (!spec.kafkaVersion.isEmpty() && runtime->kafkaVersion != spec.kafkaVersion)
        return Error::badInput(
            u"the cluster file asks for Kafka %1 but %2 holds Kafka %3 — set `kafka_version: %3` "
            "or point it at a Kafka %1 distribution"_s.arg(spec.kafkaVersion, runtime->libDir, runtime->kafkaVersion));
    if (spec.mode == ClusterMode::ZooKeeper && runtime->zookeeperVersion.isEmpty())
        return Error::badInput(
            u"%1 holds no ZooKeeper jar: Kafka %2 is KRaft-only (4.x has no ZooKeeper mode) — "
            "use `mode: kraft`, or Kafka 3.9.2 for ZooKeeper mode"_s.arg(runtime->libDir, runtime->kafkaVersion));

    runtime->java = java.value();
    const QString home = QProcessEnvironment::systemEnvironment().value(u"JAVA_HOME"_s);
    runtime->javaSource = !spec.java.isEmpty() ? u"the cluster file"_s
                          : !home.isEmpty() && runtime->java == QFileInfo(home + u"/bin/java"_s).absoluteFilePath()
                              ? u"JAVA_HOME"_s
                              : u"PATH"_s;
    runtime->javaMajor = javaMajorVersion(runtime->java);
    if (runtime->javaMajor == 0)
        return Error::badInput(
            u"%1 does not run — reinstall Java (`installer/setup.sh`) or set JAVA_HOME"_s.arg(runtime->java));
    const int minimumJava = runtime->usesLog4j2() ? 17 : 11;
    if (runtime->javaMajor < minimumJava)
        return Error::badInput(u"%1 is Java %2; Kafka %3 needs Java %4 or newer — install openjdk-17-jre-headless "
                               "or set JAVA_HOME"_s.arg(runtime->java)
                                   .arg(runtime->javaMajor)
                                   .arg(runtime->kafkaVersion)
                                   .arg(minimumJava));
    return runtime;
}

void RuntimeLocator::warmUp(const ClusterSpec &spec)
{
    if (auto java = findJava(spec.java))
        (void)javaMajorVersion(java.value());
}

} // namespace ensemble
