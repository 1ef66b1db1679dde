// Records a Kafka runtime's class-data archives (ClassDataArchive: AppCDS, or an AOT cache on Java 25+) before its
// first cluster needs them, so that the first start is as fast as later ones: a short training run of one node of
// each kind the runtime's clusters use (ZooKeeper mode: one ZooKeeper server and one broker; KRaft: one combined
// node, whose archive controllers, brokers and combined nodes share), in a private workspace under the data folder
// on free loopback ports, one topic created so the broker loads its log and request classes, then stopped
// gracefully so that the JVMs write their archives. It runs through RunPreparation and Engine like any cluster, so
// the same process-tree rules hold (the nodes die with this process); the workspace is deleted afterwards. A
// failure is a warning: clusters then start without the archive and record it at their first graceful stop.
#pragma once

#include "Engine.h"
#include "RunPreparation.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

namespace ensemble {

class ClassDataTraining : public QObject
{
    Q_OBJECT
  public:
    explicit ClassDataTraining(QString kafkaVersion, QObject *parent = nullptr);
    // An unfinished run's nodes are SIGKILLed and its workspace deleted; nothing waits.
    ~ClassDataTraining() override;

    // Blocking (may ask `java -version`): the runtime a cluster of VERSION runs on, with the Java it would use
    // (JAVA_HOME, else PATH).
    static Expected<Runtime> runtimeFor(const QString &kafkaVersion);
    // True when every archive RUNTIME's clusters use is there and usable.
    static bool isDone(const Runtime &runtime);

    // Begins; returns at once. finished() follows (at once when the archives are already there).
    void start();
    // Ends the run (its nodes are killed); finished(false, ...) follows.
    void cancel();

  Q_SIGNALS:
    void progress(const QString &message);
    // ok: the archives are there (MESSAGE says which); else why not, as a warning that starts stay slower.
    void finished(bool ok, const QString &message);

  private:
    struct SetUp
    {
        PreparedRun run;
        QString dir;  // the private directory holding the cluster file and the workspace
        QString done; // set: nothing to do, this says why
    };
    static SetUp setUp(const QString &kafkaVersion);
    void onSetUp();
    void onStopped();
    void finish(bool ok, const QString &message);

    QString m_version;
    QString m_dir;
    QString m_failure;
    Runtime m_runtime;
    QFutureWatcher<SetUp> m_watcher;
    std::shared_ptr<QLockFile> m_lock;
    std::unique_ptr<Engine> m_engine;
    QTimer m_deadline;
    bool m_finished = false;
};

} // namespace ensemble
