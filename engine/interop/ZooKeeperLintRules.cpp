#include "ComposeLintRules.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

class ZooKeeperLintRules : public ComposeLintRules
{
  public:
    using ComposeLintRules::ComposeLintRules;

    void run()
    {
        zooKeeperPortsReversed();
        zooKeeperCount();
        zooKeeperServerLists();
        zooKeeperConnect();
    }

  private:
    // Comments near a server list (or anywhere, when they name the ports) that call the first port the
    // election port or the second the data/quorum port; and server entries whose ports are swapped or equal.
    void zooKeeperPortsReversed()
    {
        QSet<int> candidates; // 0-based line indexes of comment text to check
        const QStringList &lines = m_file.lines;
        auto commentAt = [&](int index) -> qsizetype {
            if (index < 0 || index >= lines.size())
                return -1;
            return commentStart(lines[index]);
        };
        for (const ComposeService &s : m_file.services)
            for (const ComposeEnvVar &v : s.environment) {
                if (v.name != u"ZOOKEEPER_SERVERS" && v.name != u"ZOO_SERVERS")
                    continue;
                const int at = v.mark.line - 1;
                candidates.insert(at);
                for (int i = at - 1; i >= 0 && lines[i].trimmed().startsWith(u'#'); --i)
                    candidates.insert(i);
                for (int i = at + 1; i < lines.size() && lines[i].trimmed().startsWith(u'#'); ++i)
                    candidates.insert(i);
            }
        for (int i = 0; i < lines.size(); ++i) {
            const qsizetype c = commentAt(i);
            if (c >= 0 && (lines[i].mid(c).contains(u"2888"_s) || lines[i].mid(c).contains(u"3888"_s)))
                candidates.insert(i);
        }
        // "2888" means "the first port" only where the file keeps the convention.
        bool conventional = true;
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            for (const ZooKeeperServerEntry &e : z.servers)
                conventional = conventional && e.quorumPort != 3888 && e.electionPort != 2888;
        QList<int> sorted(candidates.begin(), candidates.end());
        std::sort(sorted.begin(), sorted.end());
        for (int i : sorted) {
            const qsizetype c = commentAt(i);
            if (c < 0 || !describesPortsBackwards(lines[i].mid(c), conventional))
                continue;
            add(u"zookeeper-ports-reversed"_s, LintSeverity::Warning, SourceMark{i + 1, int(c) + 1},
                u"this comment has the ZooKeeper server ports the wrong way round"_s,
                u"in host:A:B (server.N=host:A:B in zoo.cfg) ZooKeeper reads A as the quorum port — "
                u"followers connect "
                "to the leader there and the leader sends them its data — and B as the leader-election port, "
                "where "
                "votes are exchanged. Whoever trusts the comment and swaps the ports, or opens only \"the "
                "election "
                "port\" in a firewall, breaks the ensemble"_s,
                u"write: host:2888:3888 — 2888 = quorum (followers ↔ leader, data), 3888 = leader election"_s);
        }
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            for (const ZooKeeperServerEntry &e : z.servers) {
                if (e.quorumPort > 0 && e.quorumPort == e.electionPort)
                    add(u"zookeeper-ports-reversed"_s, LintSeverity::Error, z.serversMark,
                        u"server.%1 uses port %2 for both quorum and leader election"_s.arg(e.id).arg(e.quorumPort),
                        u"ZooKeeper needs two different ports: one for follower-leader traffic, one for "
                        u"election "
                        "votes; the second listener cannot bind"_s,
                        u"write %1:2888:3888"_s.arg(e.host));
            }
        for (const ZooKeeperNode &z : m_topology.zookeepers) {
            QStringList swapped;
            for (const ZooKeeperServerEntry &e : z.servers)
                if (e.quorumPort == 3888 && e.electionPort == 2888)
                    swapped.append(e.host);
            if (swapped.isEmpty())
                continue;
            add(u"zookeeper-ports-reversed"_s, LintSeverity::Warning, z.serversMark,
                u"the server list gives %1 quorum port 3888 and election port 2888: the conventional ports swapped"_s
                    .arg(swapped.join(u", "_s)),
                u"ZooKeeper reads host:A:B as quorum port A, election port B; 2888 is the conventional "
                u"quorum port "
                "and 3888 the election port, so this order usually means the author had them the wrong way "
                "round — "
                "and every document, tool and firewall rule that assumes the convention is wrong for this cluster"_s,
                u"write host:2888:3888 for every server"_s);
        }
    }

    static qsizetype commentStart(const QString &line)
    {
        QChar quote;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const QChar c = line[i];
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
            } else if (c == u'"' || c == u'\'') {
                // A quote starts a quoted scalar only at the start of a value, not inside words (author's).
                if (i == 0 || line[i - 1].isSpace() || line[i - 1] == u':' || line[i - 1] == u'-')
                    quote = c;
            } else if (c == u'#' && (i == 0 || line[i - 1].isSpace())) {
                return i;
            }
        }
        return -1;
    }

    static bool describesPortsBackwards(const QString &comment, bool numbersArePositions)
    {
        static const QRegularExpression clauses(u"[,;()]|\\band\\b|\\bwhile\\b"_s);
        static const QRegularExpression firstWordsOnly(u"\\b(left|first)\\b"_s);
        static const QRegularExpression secondWordsOnly(u"\\b(right|second)\\b"_s);
        static const QRegularExpression firstNumbers(u"\\b(left|first|2888)\\b"_s);
        static const QRegularExpression secondNumbers(u"\\b(right|second|3888)\\b"_s);
        const QRegularExpression &firstWords = numbersArePositions ? firstNumbers : firstWordsOnly;
        const QRegularExpression &secondWords = numbersArePositions ? secondNumbers : secondWordsOnly;
        static const QRegularExpression dataWords(u"\\b(data|transfer|quorum|follower|followers|peer|sync)\\b"_s);
        // "host:2888:3888" itself names both ports in their right order: only the words around it count.
        static const QRegularExpression serverAddress(u"\\S*:\\d+:\\d+\\S*"_s);
        QString text = comment.toLower();
        text.replace(serverAddress, u" "_s);
        for (const QString &clause : text.split(clauses)) {
            if (clause.contains(u"election"_s) && firstWords.match(clause).hasMatch())
                return true;
            if (dataWords.match(clause).hasMatch() && !clause.contains(u"election"_s) &&
                secondWords.match(clause).hasMatch())
                return true;
        }
        return false;
    }

    void zooKeeperCount()
    {
        const qsizetype n = m_topology.zookeepers.size();
        if (n == 0 || n % 2 != 0)
            return;
        add(u"even-zookeeper-count"_s, LintSeverity::Warning, service(m_topology.zookeepers.first().serviceIndex).mark,
            u"%1 ZooKeeper servers: an even number"_s.arg(n),
            u"a quorum is a majority: %1 servers need %2 and survive %3 failure(s), no more than %4 servers "
            u"do; the "
            "extra server adds one more machine that can fail and one more vote per write"_s.arg(n)
                .arg(n / 2 + 1)
                .arg(n / 2 - 1)
                .arg(n - 1),
            u"run %1 or %2 servers"_s.arg(n - 1).arg(n + 1));
    }

    void zooKeeperServerLists()
    {
        const ZooKeeperNode *reference = nullptr;
        for (const ZooKeeperNode &z : m_topology.zookeepers) {
            if (!z.readsEnvironment)
                continue; // env-not-read says it all
            if (z.servers.isEmpty()) {
                if (m_topology.zookeepers.size() > 1)
                    add(u"zookeeper-server-list"_s, LintSeverity::Error, service(z.serviceIndex).mark,
                        u"%1 has no server list, so it runs standalone"_s.arg(z.service),
                        u"without ZOOKEEPER_SERVERS / ZOO_SERVERS a server does not know its peers: the "
                        u"ZooKeeper "
                        "services are separate one-server clusters, and brokers connected to different ones "
                        "see "
                        "different clusters"_s,
                        u"give every ZooKeeper service the same list of all servers"_s);
                continue;
            }
            bool own = false;
            for (const ZooKeeperServerEntry &e : z.servers)
                own = own || e.id == z.id;
            if (!own)
                add(u"zookeeper-server-list"_s, LintSeverity::Error, z.idMark.line ? z.idMark : z.serversMark,
                    u"%1 has id %2, which is not in its own server list"_s.arg(z.service).arg(z.id),
                    u"ZooKeeper finds its own quorum and election ports in the server list by its myid; "
                    u"without an "
                    "entry it refuses to start"_s,
                    u"make the id match its entry (server.%1=...)"_s.arg(z.id));
            if (!reference) {
                reference = &z;
                continue;
            }
            auto key = [](const ZooKeeperNode &n) {
                QStringList parts;
                for (const ZooKeeperServerEntry &e : n.servers)
                    parts.append(u"%1=%2:%3:%4"_s.arg(e.id).arg(e.host).arg(e.quorumPort).arg(e.electionPort));
                parts.sort();
                return parts.join(u' ');
            };
            if (key(z) != key(*reference))
                add(u"zookeeper-server-list"_s, LintSeverity::Error, z.serversMark,
                    u"%1's server list differs from %2's"_s.arg(z.service, reference->service),
                    u"every server of an ensemble must list the same members with the same ids and ports; "
                    u"otherwise "
                    "servers disagree about what a majority is and may never elect a leader"_s,
                    u"copy one server list to every ZooKeeper service"_s);
        }
    }

    const ZooKeeperNode *zooKeeperNamed(const QString &host) const
    {
        const ComposeService *s = m_file.serviceByDnsName(host);
        if (!s)
            s = m_file.serviceByHostname(host);
        if (!s)
            return nullptr;
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            if (z.service == s->name)
                return &z;
        return nullptr;
    }

    void zooKeeperConnect()
    {
        for (const KafkaBroker &b : m_topology.brokers)
            for (const HostPort &hp : b.zookeeperConnect) {
                const ZooKeeperNode *z = zooKeeperNamed(hp.host);
                if (!z) {
                    if (!isHostReachableName(hp.host) && !hp.host.contains(u'.'))
                        add(u"zookeeper-connect-mismatch"_s, LintSeverity::Warning, b.zookeeperConnectMark,
                            u"zookeeper.connect names %1, which is no service in this file"_s.arg(hp.host),
                            u"the broker cannot resolve it unless another compose project on the same "
                            u"network "
                            "provides it"_s,
                            u"use the ZooKeeper services' names"_s);
                    continue;
                }
                if (hp.port == z->runningClientPort)
                    continue;
                QString why = u"the broker's ZooKeeper client picks servers from this list; every try at %1:%2 is "
                              "refused and retried, so the broker starts slowly or not at all, and it has no working "
                              "fallback when the reachable servers go down"_s.arg(hp.host)
                                  .arg(hp.port);
                if (!z->readsEnvironment)
                    why +=
                        u" (%1 uses wurstmeister/zookeeper, which listens on 2181 whatever the environment says)"_s.arg(
                            z->service);
                add(u"zookeeper-connect-mismatch"_s, LintSeverity::Error, b.zookeeperConnectMark,
                    u"zookeeper.connect has %1:%2, but %3 listens on port %4"_s.arg(hp.host)
                        .arg(hp.port)
                        .arg(z->service)
                        .arg(z->runningClientPort),
                    why, u"write %1:%2"_s.arg(z->service).arg(z->runningClientPort));
            }
    }
};

} // namespace

void lintZooKeeper(const ComposeFile &file, const ComposeTopology &topology, QList<LintFinding> &out)
{
    ZooKeeperLintRules(file, topology, out).run();
}

} // namespace ensemble
