// ChaosFaults, the fault loop of `ensemble drill --chaos`, played against a recorded status (no cluster): with link
// proxies it isolates and slows too, heals each network fault before the next fault and every link at the end;
// without them (or without a fault hook) it never asks for a network fault.
#include "ChaosFaults.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

// `ensemble status --json` of 3 ZooKeeper servers (zookeeper-1 leads) and 3 brokers, the drill topic in sync.
QJsonObject status(bool linkProxies)
{
    QJsonArray nodes;
    for (int i = 1; i <= 3; ++i)
        nodes.append(QJsonObject{{u"name"_s, u"zookeeper-%1"_s.arg(i)},
                                 {u"kind"_s, u"coordinator"_s},
                                 {u"id"_s, i},
                                 {u"state"_s, u"up"_s},
                                 {u"role"_s, i == 1 ? u"leader"_s : u"follower"_s}});
    for (int i = 1; i <= 3; ++i)
        nodes.append(QJsonObject{
            {u"name"_s, u"kafka-%1"_s.arg(i)}, {u"kind"_s, u"broker"_s}, {u"id"_s, i}, {u"state"_s, u"up"_s}});
    QJsonArray partitions;
    for (int p = 0; p < 3; ++p)
        partitions.append(QJsonObject{{u"partition"_s, p},
                                      {u"leader"_s, p + 1},
                                      {u"replicas"_s, QJsonArray{1, 2, 3}},
                                      {u"isr"_s, QJsonArray{1, 2, 3}}});
    return QJsonObject{{u"nodes"_s, nodes},
                       {u"link_proxies"_s, linkProxies},
                       {u"faults"_s, QJsonArray{}},
                       {u"topics"_s, QJsonArray{QJsonObject{{u"name"_s, u"drill"_s}, {u"partitions"_s, partitions}}}}};
}

struct Played
{
    QStringList calls; // "act kill kafka-2", "fault isolate zookeeper-1", "fault heal " (every link)
    QJsonObject report;
    QString failure;
};

Played play(bool linkProxies, bool faultHook, quint64 seed)
{
    Played out;
    int started = 0;
    DrillFaultContext c;
    c.topic = u"drill"_s;
    c.status = [&]() -> Expected<QJsonObject> { return status(linkProxies); };
    c.act = [&](const QString &action, const QString &node) -> Status {
        out.calls << u"act %1 %2"_s.arg(action, node);
        started += action != u"start" && action != u"resume";
        return ok();
    };
    if (faultHook)
        c.fault = [&](const NetworkFault &f) -> Expected<QString> {
            out.calls << u"fault %1 %2"_s.arg(toString(f.kind), f.node);
            started += f.kind != NetworkFault::Kind::Heal;
            return u"done"_s;
        };
    c.say = [](const QString &) {};
    c.pause = [](int) {};
    c.waitFor = [&](const std::function<bool(const QJsonObject &)> &ok, int) { return ok(status(linkProxies)); };
    c.waitInSync = [](int) { return true; };
    c.cancelled = [&] { return started >= 40; };
    c.sent = [] { return qint64(0); };
    out.failure = ChaosFaults(seed, 600, false).run(c, &out.report);
    return out;
}

} // namespace

class TestChaosFaults : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void networkFaultsAreHealedOneByOneAndAtTheEnd()
    {
        const Played p = play(true, true, 11);
        QVERIFY2(p.failure.isEmpty(), qPrintable(p.failure));
        const QJsonObject chaos = p.report.value(u"chaos"_s).toObject();
        QVERIFY(chaos.value(u"network_faults"_s).toBool());
        QStringList network;
        for (const QString &c : p.calls)
            if (c.startsWith(u"fault "_s))
                network << c;
        QVERIFY2(network.size() >= 4, qPrintable(p.calls.join(u"; "_s)));
        QCOMPARE(network.last(), u"fault heal "_s); // every link, at the end
        bool sawIsolate = false, sawSlow = false;
        for (qsizetype i = 0; i + 1 < network.size(); i += 2) { // each fault, then its heal, before anything else
            const QStringList f = network[i].split(u' ');
            sawIsolate = sawIsolate || f[1] == u"isolate";
            sawSlow = sawSlow || f[1] == u"slow";
            QVERIFY2(f[1] == u"isolate" || f[1] == u"slow", qPrintable(network[i]));
            QCOMPARE(network[i + 1], u"fault heal "_s + f[2]);
            QCOMPARE(p.calls.indexOf(network[i]) + 1, p.calls.indexOf(network[i + 1], p.calls.indexOf(network[i])));
        }
        QVERIFY(sawIsolate && sawSlow);
        int counted = 0;
        const QJsonObject byAction = chaos.value(u"by_action"_s).toObject();
        for (auto it = byAction.begin(); it != byAction.end(); ++it)
            counted += it->toInt();
        QCOMPARE(counted, chaos.value(u"faults"_s).toArray().size());
        QCOMPARE(byAction.value(u"isolate"_s).toInt() + byAction.value(u"slow"_s).toInt(), (network.size() - 1) / 2);
    }

    void noNetworkFaultsWithoutProxiesOrHook()
    {
        for (const auto &[proxies, hook] : {std::pair{false, true}, std::pair{true, false}}) {
            const Played p = play(proxies, hook, 11);
            QVERIFY2(p.failure.isEmpty(), qPrintable(p.failure));
            QVERIFY(!p.report.value(u"chaos"_s).toObject().value(u"network_faults"_s).toBool(true));
            for (const QString &c : p.calls)
                QVERIFY2(!c.startsWith(u"fault "_s) && !c.contains(u"isolate"_s) && !c.contains(u"slow"_s),
                         qPrintable(c));
        }
    }
};

QTEST_GUILESS_MAIN(TestChaosFaults)
#include "tst_chaosfaults.moc"
