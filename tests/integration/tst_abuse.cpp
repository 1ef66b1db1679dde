// A real 1 ZooKeeper + 1 Kafka cluster under abuse: its control socket used by another local user, fed
// malformed, oversized and endless requests, by 100 clients at once and by a client that never reads; a topic
// with 3,000 partitions (its assignment znode is far larger than a guessed buffer); kill, restart, pause and resume
// of one node from several clients at once; a broker killed with SIGSEGV.
#include "CliRunner.h"
#include "StrayReaper.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <memory>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QByteArray kCluster = R"(name: it-abuse
coordinators: 1
brokers: 1
topics: [{name: t, partitions: 1, replication_factor: 1}]
)";
constexpr int kBigTopicPartitions = 3000;

// A field of /proc/PID/status in KiB (VmRSS, VmHWM).
qint64 procKiB(qint64 pid, const QByteArray &field)
{
    QFile file(u"/proc/%1/status"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// Reads one answer line from SOCKET, at most timeoutMs.
QJsonObject answerOf(QLocalSocket &socket, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!socket.canReadLine() && !deadline.hasExpired() && socket.state() == QLocalSocket::ConnectedState)
        socket.waitForReadyRead(100);
    return QJsonDocument::fromJson(socket.readLine()).object();
}
} // namespace

class TestAbuse : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void controlSocketIsTheOwnersOnly();
    void commandFromAnotherUserIsRefused();
    void malformedRequestsGetAnErrorAndTheConnectionStays();
    void oversizedRequestIsDroppedWithoutGrowingMemory();
    void hundredClientsAtOnceAreServed();
    void clientThatNeverReadsIsDropped();
    // Before the 3,000-partition topic: with it every restart of kafka-1 loads 3,000 partitions, and the rounds
    // outgrow QtTest's 5-minute limit for one test function on a loaded machine.
    void concurrentCommandsOnOneNodeEndConsistent();
    void topicWithThreeThousandPartitionsShowsThemAll();
    void segfaultedBrokerIsReportedWithItsSignal();

  private:
    bool connectTo(QLocalSocket &socket);
    int connectPlain(); // a non-blocking AF_UNIX socket connected to the control socket, or -1
    QJsonObject nodeStatus(const QString &node);
    qint64 upPid();

    QTemporaryDir m_dir;
    QString m_ws;
    QString m_why;
    std::unique_ptr<QProcess> m_up;
};

bool TestAbuse::connectTo(QLocalSocket &socket)
{
    socket.connectToServer(m_ws + u"/control.sock"_s);
    return socket.waitForConnected(5000);
}

int TestAbuse::connectPlain()
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray path = QFile::encodeName(m_ws + u"/control.sock"_s);
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    if (fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0)
        return fd;
    if (fd >= 0)
        ::close(fd);
    return -1;
}

qint64 TestAbuse::upPid()
{
    QLocalSocket socket;
    if (!connectTo(socket))
        return 0;
    socket.write("{\"cmd\":\"ping\"}\n");
    return answerOf(socket).value(u"pid"_s).toInteger();
}

void TestAbuse::initTestCase()
{
    if (!runtimeAvailable(&m_why))
        QSKIP(qPrintable(m_why));
    QVERIFY(m_dir.isValid());
    m_ws = m_dir.path() + u"/ws"_s;
    const QString file = writeClusterFile(m_dir.path(), kCluster);
    // Not CliRunner's RunningCluster: thousands of partition events would fill a pipe nobody drains, and block
    // the cluster's own process.
    m_up = std::make_unique<QProcess>();
    m_up->setStandardOutputFile(m_dir.path() + u"/up.out"_s);
    m_up->setStandardErrorFile(m_dir.path() + u"/up.err"_s);
    m_up->start(QStringLiteral(ENSEMBLE_BINARY), {u"up"_s, u"--json"_s, u"-w"_s, m_ws, u"-f"_s, file});
    QDeadlineTimer deadline(240000);
    QByteArray out;
    while (!out.contains("\"kind\":\"cluster_healthy\"")) {
        QVERIFY2(m_up->state() != QProcess::NotRunning, qPrintable(u"ensemble up ended: "_s + m_why));
        QVERIFY2(!deadline.hasExpired(), "the cluster was not healthy in 240 s");
        QTest::qWait(500);
        QFile f(m_dir.path() + u"/up.out"_s);
        if (f.open(QIODevice::ReadOnly))
            out = f.readAll();
    }
}

void TestAbuse::cleanupTestCase()
{
    if (m_up && m_up->state() != QProcess::NotRunning) {
        m_up->terminate();
        if (!m_up->waitForFinished(90000)) {
            m_up->kill();
            m_up->waitForFinished();
        }
    }
}

void TestAbuse::controlSocketIsTheOwnersOnly()
{
    const QFileInfo socket(m_ws + u"/control.sock"_s);
    QVERIFY(socket.exists());
    QCOMPARE(socket.permissions() & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
             QFile::ReadOwner | QFile::WriteOwner);
}

void TestAbuse::commandFromAnotherUserIsRefused()
{
    const QString runuser = QStandardPaths::findExecutable(u"runuser"_s);
    if (::geteuid() != 0 || runuser.isEmpty())
        QSKIP("needs root and runuser to act as another user");
    // The workspace made readable for the other user, as a careless umask or a shared /tmp would.
    for (const QString &dir : {m_dir.path(), m_ws})
        QFile::setPermissions(dir, QFile::permissions(dir) | QFile::ReadOther | QFile::ExeOther);
    const QStringList asNobody{u"-u"_s, u"nobody"_s, u"--"_s, QStringLiteral(ENSEMBLE_BINARY)};
    auto run = [&](const QStringList &args) {
        QProcess p;
        p.start(runuser, asNobody + args);
        p.waitForFinished(20000);
        return std::pair{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
    };
    // The socket's mode keeps the other user out, and the command says why.
    auto [code, text] = run({u"status"_s, u"-w"_s, m_ws});
    QVERIFY2(code == 2, qPrintable(text));
    QVERIFY2(text.contains(u"permission denied: the cluster in %1 belongs to user root"_s.arg(m_ws)), qPrintable(text));
    // With the mode opened up, the server's own peer check refuses the same.
    const QString socket = m_ws + u"/control.sock"_s;
    const auto mode = QFile::permissions(socket);
    QVERIFY(QFile::setPermissions(socket, mode | QFile::ReadOther | QFile::WriteOther));
    std::tie(code, text) = run({u"status"_s, u"-w"_s, m_ws});
    const auto [killCode, killText] = run({u"kill"_s, u"kafka-1"_s, u"-w"_s, m_ws});
    const auto [eventsCode, eventsText] = run({u"events"_s, u"--follow"_s, u"-w"_s, m_ws});
    QFile::setPermissions(socket, mode);
    QVERIFY2(code == 2, qPrintable(text));
    QVERIFY2(text.contains(u"refused: this cluster's control socket serves only its owner, root (uid 0); you are "
                           "nobody"_s),
             qPrintable(text));
    QVERIFY2(killCode == 2 && killText.contains(u"refused"_s), qPrintable(killText));
    QVERIFY2(eventsCode == 2 && eventsText.contains(u"refused"_s), qPrintable(eventsText));
    // Nothing was done on the other user's behalf.
    const CliResult status = runCli({u"status"_s, u"--json"_s, u"-w"_s, m_ws});
    for (const QJsonValue &n : status.json().value(u"nodes"_s).toArray())
        QCOMPARE(n[u"state"_s].toString(), u"up"_s);
}

void TestAbuse::malformedRequestsGetAnErrorAndTheConnectionStays()
{
    QLocalSocket socket;
    QVERIFY(connectTo(socket));
    const QList<QByteArray> bad{"garbage",
                                "[1,2]",
                                "{\"cmd\":5}",
                                "\xff\xfe\x00\x01",
                                "{\"cmd\":\"node\"}",
                                "{\"cmd\":\"node\",\"action\":\"kill\",\"node\":\"../../etc\"}",
                                "{\"cmd\":"};
    for (const QByteArray &request : bad) {
        socket.write(request + '\n');
        const QJsonObject answer = answerOf(socket);
        QVERIFY2(answer.value(u"ok"_s) == false && !answer.value(u"error"_s).toString().isEmpty(),
                 qPrintable(QString::fromUtf8(request.toHex())));
    }
    socket.write("{\"cmd\":\"ping\"}\n");
    QCOMPARE(answerOf(socket).value(u"ok"_s), true);
}

void TestAbuse::oversizedRequestIsDroppedWithoutGrowingMemory()
{
    const qint64 pid = upPid();
    QVERIFY(pid > 0);
    const qint64 rssBefore = procKiB(pid, "VmRSS");
    // 10 MiB without a line end, written as fast as the server takes it: it must answer and hang up after
    // ControlServer::kMaxRequestBytes, not keep the rest. A plain socket: a QLocalSocket whose write fails because
    // the server has hung up aborts and throws away the answer it had already received (QAbstractSocket's
    // writeToSocket), so on a loaded machine the test read "device not open" instead of the server's answer.
    const int fd = connectPlain();
    QVERIFY(fd >= 0);
    const QByteArray chunk(64 * 1024, 'x');
    qint64 written = 0;
    bool hungUp = false;
    QDeadlineTimer deadline(30000);
    pollfd p{fd, POLLIN, 0};
    while (written < 10 * 1024 * 1024 && !hungUp && !deadline.hasExpired()) {
        const ssize_t n = ::send(fd, chunk.constData(), size_t(chunk.size()), MSG_NOSIGNAL);
        if (n > 0)
            written += n;
        else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            hungUp = true; // EPIPE / ECONNRESET; what the server wrote before is still ours to read
        p.revents = 0;
        if (::poll(&p, 1, n > 0 ? 0 : 50) > 0 && (p.revents & POLLIN))
            break; // the answer is there: stop writing
    }
    // The answer, then the end of the connection (0, or ECONNRESET as it hung up with our bytes unread).
    QByteArray answer;
    bool closed = false;
    char buffer[4096];
    deadline.setRemainingTime(10000);
    while (!closed && !deadline.hasExpired()) {
        p.revents = 0;
        if (::poll(&p, 1, 100) <= 0)
            continue;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0)
            answer.append(buffer, n);
        else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            closed = true;
    }
    ::close(fd);
    const QJsonObject error = QJsonDocument::fromJson(answer.left(answer.indexOf('\n'))).object();
    QVERIFY2(error.value(u"error"_s).toString().startsWith(u"request larger than 1048576 bytes"_s),
             answer.left(300).constData());
    QVERIFY2(closed, "the server kept the connection for 10 s after its answer");
    const qint64 rssAfter = procKiB(pid, "VmRSS");
    qInfo("control socket, 10 MiB request (%lld KiB sent%s): ensemble up RSS %lld -> %lld KiB (%+lld KiB)",
          written / 1024, hungUp ? ", then the server hung up" : "", rssBefore, rssAfter, rssAfter - rssBefore);
    QVERIFY2(rssAfter - rssBefore < 4 * 1024, "the server kept the request");
    QVERIFY(upPid() == pid); // still serving
}

void TestAbuse::hundredClientsAtOnceAreServed()
{
    constexpr int kEach = 50;
    std::vector<std::unique_ptr<QLocalSocket>> status, followers;
    for (int i = 0; i < kEach; ++i) {
        status.push_back(std::make_unique<QLocalSocket>());
        followers.push_back(std::make_unique<QLocalSocket>());
        status.back()->connectToServer(m_ws + u"/control.sock"_s);
        followers.back()->connectToServer(m_ws + u"/control.sock"_s);
    }
    for (int i = 0; i < kEach; ++i) {
        QVERIFY(status[i]->waitForConnected(5000) && followers[i]->waitForConnected(5000));
        status[i]->write("{\"cmd\":\"status\"}\n");
        followers[i]->write("{\"cmd\":\"events\",\"since\":0,\"follow\":true}\n");
    }
    QElapsedTimer took;
    took.start();
    for (int i = 0; i < kEach; ++i)
        QVERIFY2(answerOf(*status[i]).value(u"status"_s).toObject().contains(u"nodes"_s),
                 qPrintable(QString::number(i)));
    // Every follower gets the history, then a new event: kafka-1 paused.
    for (auto &f : followers)
        QVERIFY(answerOf(*f).contains(u"event"_s));
    const qint64 servedMs = took.elapsed();
    QCOMPARE(runCli({u"pause"_s, u"kafka-1"_s, u"-w"_s, m_ws}).exitCode, 0);
    int saw = 0;
    for (auto &f : followers) {
        QDeadlineTimer deadline(15000);
        for (;;) {
            const QJsonObject line = answerOf(*f, int(deadline.remainingTime()));
            if (line.isEmpty())
                break;
            const QJsonObject e = line.value(u"event"_s).toObject();
            if (e.value(u"node"_s) == u"kafka-1"_s && e.value(u"fields"_s)[u"state"_s] == u"paused"_s) {
                ++saw;
                break;
            }
        }
    }
    QCOMPARE(runCli({u"resume"_s, u"kafka-1"_s, u"-w"_s, m_ws}).exitCode, 0);
    qInfo("control socket: %d status answers and %d follower histories in %lld ms; %d/%d followers saw the pause",
          kEach, kEach, servedMs, saw, kEach);
    QCOMPARE(saw, kEach);
}

void TestAbuse::clientThatNeverReadsIsDropped()
{
    const qint64 pid = upPid();
    const qint64 rssBefore = procKiB(pid, "VmRSS");
    // A plain socket: QLocalSocket would read the answers into its own buffer behind our back.
    const int fd = connectPlain();
    QVERIFY(fd >= 0);
    const QByteArray requests = QByteArray("{\"cmd\":\"events\",\"since\":0}\n").repeated(50);
    qint64 sent = 0;
    bool dropped = false;
    QDeadlineTimer deadline(60000);
    while (!dropped && !deadline.hasExpired()) {
        const ssize_t n = ::send(fd, requests.constData(), size_t(requests.size()), MSG_NOSIGNAL);
        if (n > 0)
            sent += n;
        else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            dropped = true; // EPIPE / ECONNRESET: the server hung up
        pollfd p{fd, POLLRDHUP, 0};
        if (::poll(&p, 1, 20) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
            dropped = true;
    }
    ::close(fd);
    const qint64 rssAfter = procKiB(pid, "VmRSS");
    qInfo("control socket: a client that never reads was dropped after %lld KiB of requests; RSS %lld -> %lld KiB",
          sent / 1024, rssBefore, rssAfter);
    QVERIFY2(dropped, "a client that never reads was kept for 60 s");
    QVERIFY2(rssAfter - rssBefore < 16 * 1024, "the server queued too much for it");
    QCOMPARE(upPid(), pid);
}

void TestAbuse::topicWithThreeThousandPartitionsShowsThemAll()
{
    QElapsedTimer took;
    took.start();
    const CliResult created =
        runCli({u"topics"_s, u"create"_s, u"big"_s, u"--partitions"_s, QString::number(kBigTopicPartitions),
                u"--replication-factor"_s, u"1"_s, u"-w"_s, m_ws},
               120000);
    // On a loaded machine the broker may take longer than the command waits; it then says so, and the topic
    // still comes.
    QVERIFY2(created.exitCode == 0 || created.text().contains(u"was created but"_s), qPrintable(created.text()));
    const qint64 createdMs = took.elapsed();
    qsizetype shown = 0;
    QDeadlineTimer deadline(180000); // with the create, within QtTest's 300 s per function
    while (!deadline.hasExpired()) {
        const QJsonObject status = runCli({u"status"_s, u"--json"_s, u"-w"_s, m_ws}, 20000).json();
        for (const QJsonValue &t : status.value(u"topics"_s).toArray())
            if (t[u"name"_s] == u"big"_s)
                shown = t[u"partitions"_s].toArray().size();
        if (shown == kBigTopicPartitions)
            break;
        QTest::qWait(1000);
    }
    qInfo("topic with %d partitions: `topics create` returned %d after %lld ms, all shown by `ensemble status --json` "
          "after %lld ms",
          kBigTopicPartitions, created.exitCode, createdMs, took.elapsed());
    QCOMPARE(shown, kBigTopicPartitions);
}

QJsonObject TestAbuse::nodeStatus(const QString &node)
{
    for (const QJsonValue &n : runCli({u"status"_s, u"--json"_s, u"-w"_s, m_ws}).json()[u"nodes"_s].toArray())
        if (n[u"name"_s] == node)
            return n.toObject();
    return {};
}

void TestAbuse::concurrentCommandsOnOneNodeEndConsistent()
{
    // Six clients at once act on kafka-1, four rounds (ten by hand: ENSEMBLE_ABUSE_ROUNDS=10), in a random order each
    // round. The engine takes one request at a time; whatever order it took them in, once the node settles: at most one
    // JVM of it ever runs, status agrees with that JVM (running, stopped by SIGSTOP, or gone) and with the last
    // node_state event.
    const QStringList actions{u"kill"_s, u"restart"_s, u"pause"_s, u"resume"_s, u"start"_s, u"restart"_s};
    const QStringList settled{u"up"_s, u"paused"_s, u"exited"_s, u"killed"_s, u"stopped"_s};
    const auto jvmsOfNode = [this] {
        QList<qint64> pids;
        for (const ensemble::StrayProcess &p : ensemble::StrayReaper::find(QDir(m_ws).absolutePath()))
            if (p.node == u"kafka-1"_s)
                pids.append(p.pid);
        return pids;
    };
    int answered = 0, refused = 0;
    QMap<QString, int> finalStates;
    const int rounds = qEnvironmentVariableIntValue("ENSEMBLE_ABUSE_ROUNDS") > 0
                           ? qEnvironmentVariableIntValue("ENSEMBLE_ABUSE_ROUNDS")
                           : 4;
    for (int round = 0; round < rounds; ++round) {
        QStringList order = actions;
        std::shuffle(order.begin(), order.end(), *QRandomGenerator::global());
        std::vector<std::unique_ptr<QProcess>> clients;
        for (const QString &action : order) {
            auto &c = clients.emplace_back(std::make_unique<QProcess>());
            c->start(QStringLiteral(ENSEMBLE_BINARY), {action, u"kafka-1"_s, u"-w"_s, m_ws});
        }
        int most = 0;
        for (auto &c : clients) {
            while (!c->waitForFinished(100))
                most = std::max(most, int(jvmsOfNode().size()));
            QVERIFY2(c->exitStatus() == QProcess::NormalExit, "a client crashed");
            // Done (0) or refused with a reason (2: "cannot start kafka-1: it is already running").
            const QByteArray said = c->readAllStandardOutput() + c->readAllStandardError();
            QVERIFY2(c->exitCode() == 0 || (c->exitCode() == 2 && said.contains("cannot ")), said.constData());
            (c->exitCode() == 0 ? answered : refused)++;
        }
        QJsonObject node;
        QString state, previous;
        QDeadlineTimer deadline(90000);
        int same = 0;
        while (same < 4 && !deadline.hasExpired()) { // unchanged for 2 s in a settled state
            most = std::max(most, int(jvmsOfNode().size()));
            node = nodeStatus(u"kafka-1"_s);
            state = node.value(u"state"_s).toString();
            // A start that waits (for the JVM's exit, or for kafka-1's old ZooKeeper session to expire) is not
            // settled: status says so with start_pending.
            same =
                settled.contains(state) && !node.value(u"start_pending"_s).toBool() && state == previous ? same + 1 : 0;
            previous = state;
            QTest::qWait(500);
        }
        QVERIFY2(same >= 4, qPrintable(u"round %1: kafka-1 did not settle: %2"_s.arg(round).arg(state)));
        QVERIFY2(most <= 1, qPrintable(u"round %1: %2 JVMs of kafka-1 at once"_s.arg(round).arg(most)));
        const QList<qint64> jvms = jvmsOfNode();
        const qint64 pid = node.value(u"pid"_s).toInteger();
        if (state == u"up"_s || state == u"paused"_s) {
            QVERIFY2(jvms == QList<qint64>{pid},
                     qPrintable(u"round %1: status says %2 (pid %3), JVMs %4"_s.arg(round).arg(state).arg(pid).arg(
                         jvms.size())));
            QFile proc(u"/proc/%1/stat"_s.arg(pid));
            QVERIFY(proc.open(QIODevice::ReadOnly));
            const QByteArray field = proc.readAll().split(' ').value(2); // "PID (java) STATE ..."
            const char run = field.isEmpty() ? '?' : field.at(0);
            QVERIFY2((run == 'T') == (state == u"paused"_s),
                     qPrintable(u"round %1: status says %2, the kernel says %3"_s.arg(round).arg(state).arg(
                         QChar::fromLatin1(run))));
        } else {
            QVERIFY2(jvms.isEmpty(), qPrintable(u"round %1: status says %2, yet a JVM runs"_s.arg(round).arg(state)));
        }
        // The events agree: the last node_state event of kafka-1 is the state status shows.
        QString lastEvent;
        for (const QByteArray &line : runCli({u"events"_s, u"--json"_s, u"-w"_s, m_ws}).out.split('\n')) {
            const QJsonObject e = QJsonDocument::fromJson(line).object();
            if (e.value(u"node"_s) == u"kafka-1"_s && e.value(u"kind"_s) == u"node_state"_s)
                lastEvent = e.value(u"fields"_s)[u"state"_s].toString();
        }
        // Status has one word for a dead node (`exited`, with its signal); the event keeps `killed` for SIGKILL.
        QCOMPARE(lastEvent == u"killed"_s ? u"exited"_s : lastEvent, state);
        finalStates[state]++;
        // Back to a running node for the next round.
        if (state == u"paused"_s)
            QCOMPARE(runCli({u"resume"_s, u"kafka-1"_s, u"-w"_s, m_ws}).exitCode, 0);
        else if (state != u"up"_s)
            QCOMPARE(runCli({u"start"_s, u"kafka-1"_s, u"-w"_s, m_ws}).exitCode, 0);
        QDeadlineTimer up(120000);
        while (nodeStatus(u"kafka-1"_s).value(u"state"_s) != u"up"_s && !up.hasExpired())
            QTest::qWait(500);
        QCOMPARE(nodeStatus(u"kafka-1"_s).value(u"state"_s).toString(), u"up"_s);
    }
    qInfo().noquote() << u"%1 commands: %2 done, %3 refused with a reason; settled states:"_s
                             .arg(rounds * actions.size())
                             .arg(answered)
                             .arg(refused)
                      << finalStates;
}

void TestAbuse::segfaultedBrokerIsReportedWithItsSignal()
{
    const CliResult before = runCli({u"status"_s, u"--json"_s, u"-w"_s, m_ws});
    qint64 pid = 0;
    for (const QJsonValue &n : before.json().value(u"nodes"_s).toArray())
        if (n[u"name"_s] == u"kafka-1"_s)
            pid = n[u"pid"_s].toInteger();
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid_t(pid), SIGSEGV), 0);
    QJsonObject node;
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired() && node.value(u"state"_s) != u"exited"_s) {
        QTest::qWait(500);
        for (const QJsonValue &n : runCli({u"status"_s, u"--json"_s, u"-w"_s, m_ws}).json()[u"nodes"_s].toArray())
            if (n[u"name"_s] == u"kafka-1"_s)
                node = n.toObject();
    }
    // Status: the signal, and the exit status as a shell would give it (HotSpot aborts after its report).
    QCOMPARE(node.value(u"state"_s).toString(), u"exited"_s);
    QCOMPARE(node.value(u"signal"_s).toString(), u"SIGSEGV"_s);
    QCOMPARE(node.value(u"exit_code"_s).toInt(), 128 + SIGABRT);
    // Events: the node_state event and the problem that explains it; the text form names the signal too.
    const CliResult events = runCli({u"events"_s, u"--json"_s, u"-w"_s, m_ws});
    QVERIFY2(events.out.contains("\"signal\":\"SIGSEGV\""), events.out.right(2000).constData());
    QVERIFY2(events.out.contains("kafka-1 exited unexpectedly (SIGSEGV (the JVM's crash handler then aborted it; "
                                 "report: "),
             events.out.right(2000).constData());
    const CliResult text = runCli({u"events"_s, u"-w"_s, m_ws});
    QVERIFY2(text.out.contains("exited by SIGSEGV"), text.out.right(2000).constData());
    QVERIFY(!text.out.contains("exit code 15"));
    // The log: the node's own (HotSpot's banner) and the events file.
    QFile log(m_ws + u"/nodes/kafka-1/logs/node.log"_s);
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("#  SIGSEGV (0xb) at pc="));
    QFile eventsFile(m_ws + u"/events.jsonl"_s);
    QVERIFY(eventsFile.open(QIODevice::ReadOnly));
    QVERIFY(eventsFile.readAll().contains("\"signal\":\"SIGSEGV\""));
}

QTEST_GUILESS_MAIN(TestAbuse)
#include "tst_abuse.moc"
