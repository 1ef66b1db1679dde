#include "ClassDataTraining.h"

#include "ClassDataArchive.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcTraining, "ensemble.training")

namespace ensemble {

namespace {

constexpr int kDeadlineMs = 240000; // start (a KRaft format first), one topic, a graceful stop that writes the archive

bool isZooKeeperRuntime(const QString &kafkaVersion)
{
    return kafkaVersion.section(u'.', 0, 0).toInt() < 4;
}

// The smallest cluster that starts every kind of node the runtime's clusters run, on free ports (no `ports:`).
QByteArray trainingClusterYaml(const QString &kafkaVersion)
{
    QByteArray yaml = "name: class-data-training\nkafka_version: " + kafkaVersion.toUtf8() + '\n';
    if (isZooKeeperRuntime(kafkaVersion))
        yaml += "mode: zookeeper\ncoordinators: 1\nbrokers: 1\n";
    else
        yaml += "mode: kraft\ncoordinators: 1\ncombined: true\nbrokers: 0\n";
    yaml += "topics:\n  - name: class-data-training\n    partitions: 1\n    replication_factor: 1\n";
    return yaml;
}

} // namespace

ClassDataTraining::ClassDataTraining(QString kafkaVersion, QObject *parent)
    : QObject(parent), m_version(std::move(kafkaVersion))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        m_failure = u"the training run did not finish within %1 s"_s.arg(kDeadlineMs / 1000);
        cancel();
    });
    connect(&m_watcher, &QFutureWatcher<SetUp>::finished, this, &ClassDataTraining::onSetUp);
}

ClassDataTraining::~ClassDataTraining()
{
    m_engine.reset(); // SIGKILLs what still runs
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
    if (!m_dir.isEmpty())
        QDir(m_dir).removeRecursively();
}

Expected<Runtime> ClassDataTraining::runtimeFor(const QString &kafkaVersion)
{
    ClusterSpec spec;
    spec.mode = isZooKeeperRuntime(kafkaVersion) ? ClusterMode::ZooKeeper : ClusterMode::KRaft;
    spec.kafkaVersion = kafkaVersion;
    return RuntimeLocator::locate(spec);
}

bool ClassDataTraining::isDone(const Runtime &runtime)
{
    const ClassDataArchive archive(runtime);
    for (NodeKind kind : ClassDataArchive::kindsFor(runtime))
        if (!archive.isUsable(kind))
            return false;
    return true;
}

ClassDataTraining::SetUp ClassDataTraining::setUp(const QString &kafkaVersion)
{
    SetUp out;
    auto runtime = runtimeFor(kafkaVersion);
    if (!runtime) {
        out.run.error = runtime.error();
        return out;
    }
    if (ClassDataArchive::formatFor(runtime->javaMajor) == ClassDataArchive::Format::None) {
        out.run.error =
            Error::runtime(u"Java %1 records no class-data archives (Java 13 and newer do)"_s.arg(runtime->javaMajor));
        return out;
    }
    if (isDone(*runtime)) {
        out.done = u"the %1s for Java %2 are there already"_s.arg(ClassDataArchive(*runtime).formatName())
                       .arg(runtime->javaMajor);
        return out;
    }
    const QString parent = Workspace::dataRoot() + u"/runtime"_s;
    QDir().mkpath(parent);
    // A training run whose process died (its nodes died with it): its workspace is unlocked; delete it.
    for (const QString &name : QDir(parent).entryList({u"training-*"_s}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString earlier = parent + u'/' + name;
        auto workspace = Workspace::open(earlier + u"/workspace"_s);
        if (!workspace) {
            if (QDir(earlier).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size() <= 1) // the cluster file
                QDir(earlier).removeRecursively();
            continue;
        }
        QLockFile lock(workspace->lockFile());
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue; // another training run, in progress
        StrayReaper::reap(workspace->root());
        lock.unlock();
        QDir(earlier).removeRecursively();
    }
    QTemporaryDir dir(parent + u"/training-XXXXXX"_s);
    if (!dir.isValid()) {
        out.run.error = Error::runtime(u"cannot create a directory under %1: %2"_s.arg(parent, dir.errorString()));
        return out;
    }
    dir.setAutoRemove(false);
    out.dir = dir.path();
    const QString file = out.dir + u"/cluster.yaml"_s;
    if (auto s = Workspace::writeFile(file, trainingClusterYaml(kafkaVersion)); !s) {
        out.run.error = s.error();
        return out;
    }
    out.run = RunPreparation::prepare(file, out.dir + u"/workspace"_s);
    return out;
}

void ClassDataTraining::start()
{
    Q_EMIT progress(u"preparing fast starts for Kafka %1…"_s.arg(m_version));
    m_deadline.start(kDeadlineMs);
    m_watcher.setFuture(QtConcurrent::run(&ClassDataTraining::setUp, m_version));
}

void ClassDataTraining::cancel()
{
    if (m_failure.isEmpty())
        m_failure = u"cancelled"_s;
    if (m_watcher.isRunning())
        return; // onSetUp() sees the failure and starts nothing
    m_engine.reset();
    finish(false, m_failure);
}

void ClassDataTraining::onSetUp()
{
    SetUp setUp = m_watcher.result();
    m_dir = setUp.dir;
    m_lock = setUp.run.lock;
    if (!setUp.done.isEmpty())
        return finish(true, setUp.done);
    if (setUp.run.error)
        return finish(false, setUp.run.error->message);
    if (!m_failure.isEmpty())
        return finish(false, m_failure);
    m_runtime = setUp.run.runtime;
    m_engine = std::make_unique<Engine>(setUp.run.spec, *setUp.run.workspace, setUp.run.runtime, setUp.run.layout);
    if (auto s = m_engine->prepare(); !s)
        return finish(false, s.error().message);
    const ClassDataArchive archive(m_runtime);
    Q_EMIT progress(u"preparing fast starts: a training run of %1 (Java %2, %3)…"_s.arg(
        isZooKeeperRuntime(m_version) ? u"one ZooKeeper server and one broker"_s : u"one combined KRaft node"_s,
        QString::number(m_runtime.javaMajor), archive.formatName()));
    connect(m_engine.get(), &Engine::healthy, this, [this] {
        Q_EMIT progress(u"preparing fast starts: stopping the training nodes (they write the archives)…"_s);
        m_engine->shutdown();
    });
    connect(m_engine.get(), &Engine::startFailed, this, [this](const QString &message) {
        m_failure = message;
        m_engine->shutdown();
    });
    connect(m_engine.get(), &Engine::stopped, this, &ClassDataTraining::onStopped);
    m_engine->start();
}

void ClassDataTraining::onStopped()
{
    // Every node has ended: its archive, if it wrote one, is in place (Engine hands the exit to ClassDataArchive).
    const bool done = isDone(m_runtime);
    if (done)
        return finish(true, u"%1s ready for Java %2 (%3)"_s.arg(ClassDataArchive(m_runtime).formatName())
                                .arg(m_runtime.javaMajor)
                                .arg(ClassDataArchive::directoryFor(m_runtime)));
    finish(false, m_failure.isEmpty() ? u"the training nodes stopped without writing their archives"_s : m_failure);
}

void ClassDataTraining::finish(bool ok, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    if (m_engine) {
        // Not deleted here: this may run inside one of its signals.
        Engine *engine = m_engine.release();
        engine->deleteLater();
    }
    if (m_lock)
        m_lock->unlock(); // now: the watcher's copy of the set-up result holds it too, and the directory goes next
    m_lock.reset();
    if (!m_dir.isEmpty() && !QDir(m_dir).removeRecursively())
        qCWarning(lcTraining) << "cannot delete" << m_dir;
    m_dir.clear();
    qCDebug(lcTraining) << "training of Kafka" << m_version << (ok ? "done:" : "failed:") << message;
    Q_EMIT finished(ok, message);
}

} // namespace ensemble
