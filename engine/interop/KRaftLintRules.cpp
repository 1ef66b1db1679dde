#include "ComposeLintRules.h"

#include <QMap>
#include <QSet>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

QString votersText(const QList<QuorumVoter> &voters)
{
    QStringList parts;
    for (const QuorumVoter &v : voters)
        parts.append(u"%1@%2:%3"_s.arg(v.id).arg(v.host).arg(v.port));
    return parts.join(u',');
}

// The rules of a KRaft cluster in compose: one cluster id, one voter set that names the controllers as they
// are, an odd quorum, controller listeners where the voters point, brokers clients on the host can reach, and
// either combined nodes or separate controllers.
class KRaftLintRules : public ComposeLintRules
{
  public:
    using ComposeLintRules::ComposeLintRules;

    void run()
    {
        for (const KafkaBroker &b : m_topology.brokers)
            if (b.kraft)
                m_nodes.append(&b);
        if (m_nodes.isEmpty())
            return;
        clusterIds();
        voters();
        controllerCount();
        controllerListeners();
        rolesMixed();
        hostReachable();
    }

  private:
    // Settings may come from a mounted file the linter cannot read (apache/kafka's file input at
    // /mnt/shared/config, a server.properties mounted into the image): then a missing setting proves nothing.
    bool configFromFile(const KafkaBroker *b) const
    {
        for (const ComposeVolume &v : service(b->serviceIndex).volumes)
            if (v.target == u"/mnt/shared/config" || v.target.endsWith(u".properties"_s) ||
                v.target.startsWith(u"/opt/kafka/config"_s) || v.target.startsWith(u"/etc/kafka"_s))
                return true;
        return false;
    }

    QList<const KafkaBroker *> controllers() const
    {
        QList<const KafkaBroker *> out;
        for (const KafkaBroker *b : m_nodes)
            if (b->isController())
                out.append(b);
        return out;
    }

    void clusterIds()
    {
        QMap<QString, QStringList> byId;
        const KafkaBroker *first = nullptr;
        for (const KafkaBroker *b : m_nodes)
            if (!b->clusterId.isEmpty()) {
                byId[b->clusterId].append(b->service);
                first = first ? first : b;
            }
        if (byId.size() < 2)
            return;
        for (const KafkaBroker *b : m_nodes)
            if (!b->clusterId.isEmpty() && b->clusterId != first->clusterId)
                add(u"kraft-cluster-id"_s, LintSeverity::Error, b->clusterIdMark,
                    u"%1 has CLUSTER_ID %2, but %3 has %4"_s.arg(b->service, b->clusterId, first->service,
                                                                 first->clusterId),
                    u"every node formats its storage with the cluster id and refuses to join a quorum whose "
                    "metadata carries another one: these nodes are two clusters that cannot meet"_s,
                    u"give every node the same CLUSTER_ID (one value from `kafka-storage random-uuid`)"_s);
    }

    const KafkaBroker *nodeByHost(const QString &host) const
    {
        const ComposeService *s = m_file.serviceByDnsName(host);
        if (!s)
            s = m_file.serviceByHostname(host);
        for (const KafkaBroker *b : m_nodes)
            if (s && b->service == s->name)
                return b;
        return nullptr;
    }

    void voters()
    {
        const KafkaBroker *reference = nullptr;
        for (const KafkaBroker *b : m_nodes) {
            if (b->voters.isEmpty()) {
                if (!b->properties.contains(u"controller.quorum.bootstrap.servers"_s) && !configFromFile(b))
                    add(u"kraft-voters"_s, LintSeverity::Error, b->rolesMark,
                        u"%1 runs in KRaft mode without controller.quorum.voters"_s.arg(b->service),
                        u"a KRaft node finds the controller quorum through this list (or, from Kafka 3.9, "
                        "controller.quorum.bootstrap.servers); without either it refuses to start"_s,
                        u"set %1 to every controller as id@service:port"_s.arg(
                            envNameFor(b->family, u"controller.quorum.voters"_s)));
                continue;
            }
            if (!reference)
                reference = b;
            else if (votersText(b->voters) != votersText(reference->voters))
                add(u"kraft-voters"_s, LintSeverity::Error, b->votersMark,
                    u"%1's controller.quorum.voters differs from %2's"_s.arg(b->service, reference->service),
                    u"the voters decide what a majority is: nodes with different lists disagree about who may "
                    "lead, may elect two leaders or never elect one"_s,
                    u"copy one list to every node: %1"_s.arg(votersText(reference->voters)));
            QStringList unknown;
            for (const QuorumVoter &v : b->voters) {
                // localhost inside a container is that container: the node whose list it is.
                const bool local = v.host == u"localhost" || v.host.startsWith(u"127."_s);
                const KafkaBroker *target = local ? b : nodeByHost(v.host);
                if (!target)
                    unknown.append(u"%1@%2 (no Kafka service of that name)"_s.arg(v.id).arg(v.host));
                else if (!target->isController())
                    unknown.append(u"%1@%2 (%3 is not a controller)"_s.arg(v.id).arg(v.host, target->service));
                else if (target->id >= 0 && target->id != v.id)
                    unknown.append(
                        u"%1@%2 (%3 has node.id %4)"_s.arg(v.id).arg(v.host, target->service).arg(target->id));
            }
            if (!unknown.isEmpty())
                add(u"kraft-voters"_s, LintSeverity::Error, b->votersMark,
                    u"controller.quorum.voters names nodes that are not controllers of this file: %1"_s.arg(
                        unknown.join(u", "_s)),
                    u"a voter that does not exist (or is another node) never votes: the quorum needs a majority "
                    "of the listed voters, so it is weaker than it looks or never elects a leader"_s,
                    u"list each controller service as NODE_ID@SERVICE:CONTROLLER_PORT"_s);
            if (b->isController() && b->id >= 0 &&
                std::none_of(b->voters.begin(), b->voters.end(), [&](const QuorumVoter &v) { return v.id == b->id; }))
                add(u"kraft-voters"_s, LintSeverity::Error, b->votersMark,
                    u"controller %1 (node.id %2) is not in its own controller.quorum.voters"_s.arg(b->service)
                        .arg(b->id),
                    u"Kafka refuses to start a controller whose node.id is not one of the voters"_s,
                    u"add %1@%2:PORT to the list on every node"_s.arg(b->id).arg(b->service));
        }
    }

    void controllerCount()
    {
        const QList<const KafkaBroker *> c = controllers();
        const qsizetype n = c.size();
        if (n == 0 || n % 2 != 0)
            return;
        add(u"even-controller-count"_s, LintSeverity::Warning, service(c.first()->serviceIndex).mark,
            u"%1 KRaft controllers: an even number"_s.arg(n),
            u"the quorum is a majority of the voters: %1 controllers need %2 and survive %3 failure(s), no more "
            "than %4 do; the extra controller adds a machine that can fail and a vote every commit waits for"_s.arg(n)
                .arg(n / 2 + 1)
                .arg(n / 2 - 1)
                .arg(n - 1),
            u"run %1 or %2 controllers"_s.arg(n - 1).arg(n + 1));
    }

    void controllerListeners()
    {
        for (const KafkaBroker *b : controllers()) {
            const ListenerAddress *own = nullptr;
            for (const ListenerAddress &l : b->listeners)
                if (b->controllerListenerNames.contains(l.name))
                    own = &l;
            if (!own && b->controllerListenerNames.isEmpty() && configFromFile(b))
                continue;
            if (!own) {
                const SourceMark mark = b->propertyMarks.value(u"listeners"_s, b->rolesMark);
                add(u"controller-listener-missing"_s, LintSeverity::Error, mark.line ? mark : b->rolesMark,
                    b->controllerListenerNames.isEmpty()
                        ? u"controller %1 sets no controller.listener.names"_s.arg(b->service)
                        : u"controller %1 has no listener named %2 in its listeners"_s.arg(
                              b->service, b->controllerListenerNames.join(u", "_s)),
                    u"a controller serves the quorum on the listener controller.listener.names names; without it "
                    "Kafka refuses to start the node, and the other voters cannot reach it"_s,
                    u"set %1=CONTROLLER and add CONTROLLER://:9093 to %2"_s.arg(
                        envNameFor(b->family, u"controller.listener.names"_s), envNameFor(b->family, u"listeners"_s)));
                continue;
            }
            for (const KafkaBroker *other : m_nodes)
                for (const QuorumVoter &v : other->voters)
                    if (nodeByHost(v.host) == b && own->port > 0 && v.port != own->port) {
                        add(u"controller-listener-missing"_s, LintSeverity::Error, other->votersMark,
                            u"the voters reach %1 at port %2, but its %3 listener is on port %4"_s.arg(b->service)
                                .arg(v.port)
                                .arg(own->name)
                                .arg(own->port),
                            u"votes and metadata fetches go to a port where nothing listens: the controller is "
                            "cut off from the quorum"_s,
                            u"write %1@%2:%3"_s.arg(v.id).arg(v.host).arg(own->port));
                        return;
                    }
        }
    }

    void rolesMixed()
    {
        QStringList combined, separate;
        for (const KafkaBroker *b : m_nodes)
            (b->isCombined() ? combined : separate).append(b->service);
        bool controllerOnly = false;
        for (const KafkaBroker *b : m_nodes)
            controllerOnly = controllerOnly || (b->isController() && !b->isBroker());
        if (combined.isEmpty() || !controllerOnly)
            return;
        for (const KafkaBroker *b : m_nodes)
            if (b->isCombined())
                add(u"kraft-roles-mixed"_s, LintSeverity::Warning, b->rolesMark,
                    u"%1 is a combined broker + controller beside separate controllers"_s.arg(b->service),
                    u"combined nodes are meant for small clusters where every node does both; beside dedicated "
                    "controllers, this node's broker load (requests, replication, GC pauses) slows the quorum "
                    "it votes in, and restarting it as a broker also takes a voter away"_s,
                    u"make it a broker (KAFKA_PROCESS_ROLES=broker) and keep the quorum on the controllers, or make "
                    "every node combined"_s);
    }

    // A broker's clients on the host need one advertised listener they can resolve, on a published port.
    void hostReachable()
    {
        for (const KafkaBroker *b : m_nodes) {
            if (!b->isBroker() || b->advertised.isEmpty() || b->hostPort > 0)
                continue;
            const ComposeService &s = service(b->serviceIndex);
            if (s.ports.isEmpty())
                continue; // not meant for the host at all: containers only
            add(u"advertised-listener-unreachable"_s, LintSeverity::Warning, b->advertisedMark,
                u"%1 publishes ports, but none of its advertised listeners is an address the host can use"_s.arg(
                    b->service),
                u"a client on the host bootstraps through the published port, then is sent the advertised address "
                "(a container name, or a port that is not published) and cannot connect"_s,
                u"add a listener for the host that advertises localhost (or 127.0.0.1) and the published port, "
                "e.g. EXTERNAL://localhost:9092 with ports: [\"127.0.0.1:9092:9092\"]"_s);
        }
    }

    QList<const KafkaBroker *> m_nodes;
};

} // namespace

void lintKRaft(const ComposeFile &file, const ComposeTopology &topology, QList<LintFinding> &out)
{
    KRaftLintRules(file, topology, out).run();
}

} // namespace ensemble
