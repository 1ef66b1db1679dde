// The network between ZooKeeper servers, made breakable without root: every server dials each peer's quorum and
// election ports through a LinkProxy of its own (one per direction of each pair), and this class cuts or slows
// those links on demand (isolate, partition, slow, heal). The proxies run in a thread of their own.
// ZooKeeper's election handshake announces the dialler's own address, to which the peer dials back; the election
// proxies rewrite it to the proxy of the way back, so that no election connection bypasses a proxy.
// Each broker reaches each ZooKeeper server's client port through a proxy of its own too (its zookeeper.connect),
// so that an isolated broker loses its session. Replication and client traffic go direct (docs/scenarios.md).
// KRaft: one inbound proxy in front of each controller's CONTROLLER listener, which every node's
// controller.quorum.voters and the controller's own advertised CONTROLLER endpoint (what a raft leader hands its
// followers in BeginQuorumEpoch) point at; the proxy tells its callers apart by the client id of their first
// request (`raft-client-N`, a broker's `N`), so that it can cut one peer's links alone.
#pragma once

#include "Expected.h"
#include "LinkProxy.h"
#include "NetworkFault.h"
#include "NodeLayout.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QThread>

namespace ensemble {

class LinkFaults
{
  public:
    LinkFaults();
    ~LinkFaults();
    LinkFaults(const LinkFaults &) = delete;
    LinkFaults &operator=(const LinkFaults &) = delete;

    // Opens a proxy (on a free port) for each direction of each pair of the layout's ZooKeeper servers and each
    // of their two peer ports. Call before any node starts; usable from any thread.
    Status open(const ClusterLayout &layout);
    // ZOOCFG (as NodeConfig wrote it for NODE) with its peers' server.N lines pointing at NODE's proxies to them.
    QString pointZooCfgAtProxies(const QString &zooCfg, const ClusterLayout &layout, const NodeLayout &node) const;
    // A KRaft node's server.properties with controller.quorum.voters (and, on a controller, its advertised
    // CONTROLLER endpoint) pointing at the controllers' inbound proxies.
    QString pointKRaftPropertiesAtProxies(const QString &properties, const ClusterLayout &layout,
                                          const NodeLayout &node) const;
    // The inbound proxy's port in front of a KRaft controller; 0 when there is none.
    int inboundPort(const QString &node) const;
    // A ZooKeeper-mode broker's server.properties with zookeeper.connect pointing at its proxies.
    QString pointBrokerPropertiesAtProxies(const QString &properties, const ClusterLayout &layout,
                                           const NodeLayout &node) const;
    // The port FROM dials to reach TO's quorum or election port; 0 when there is no such proxy.
    int proxyPort(const QString &from, const QString &to, bool election) const;
    // The port broker FROM dials to reach ZooKeeper server TO's client port; 0 when there is none.
    int clientProxyPort(const QString &from, const QString &to) const;
    QJsonObject portsJson() const;                        // {"zookeeper-1>zookeeper-2:election": port, ...}
    bool isCut(const QString &a, const QString &b) const; // the link between A and B is cut
    bool isActive() const { return !m_proxies.isEmpty() || !m_inbound.isEmpty(); }
    // What a network fault on a cluster without link proxies is told, and what to do.
    static Error notActive();
    QStringList nodes() const { return m_nodes; }

    // Carries out FAULT; returns a short description of what it did (for the event and the command's output).
    Expected<QString> inject(const NetworkFault &fault);
    Expected<QString> isolate(const QString &node);
    Expected<QString> partition(const QList<QStringList> &groups);
    Expected<QString> slow(const QString &node, int latencyMs, int jitterMs);
    // Heals every fault of `node`, or every fault when it is empty.
    Expected<QString> heal(const QString &node);

    // [{kind: cut, link: [a, b]}, {kind: slow, node, latency_ms, jitter_ms}]
    QJsonArray activeJson() const;

  private:
    Status openKRaft(const ClusterLayout &layout);
    Status checkNode(const QString &node) const;
    QString peersWord() const;
    bool linked(const QString &a, const QString &b) const; // some proxy carries a link between them
    void apply(); // pushes the wanted state to every proxy, in the proxies' thread

    QThread m_thread;
    QObject *m_home = nullptr; // lives in m_thread; the proxies are its children
    struct Link
    {
        QString from, to;
        bool election = false;
        bool client = false; // a broker's ZooKeeper session (to's client port)
        LinkProxy *proxy = nullptr;
    };
    QList<Link> m_proxies;
    struct Inbound
    {
        QString node; // the KRaft controller it stands in front of
        LinkProxy *proxy = nullptr;
    };
    QList<Inbound> m_inbound;
    QStringList m_nodes;
    QSet<std::pair<QString, QString>> m_cut; // unordered pairs, stored (smaller, larger)
    struct Slow
    {
        int latencyMs = 0;
        int jitterMs = 0;
    };
    QHash<QString, Slow> m_slow;
};

} // namespace ensemble
