// Gives every node of a cluster its ports: the fixed ranges the cluster file asks for (checked to be free),
// the ports the workspace's earlier run used (kept, so a bootstrap address stays valid across restarts), the
// conventional ports when asked and free, or else free ports picked from the kernel.
#pragma once

#include "ClusterSpec.h"
#include "Expected.h"
#include "NodeLayout.h"

namespace ensemble {

// What a start asks of the allocator beyond the cluster file.
struct PortRequest
{
    ClusterLayout kept;        // the earlier run's layout (layout.json): its ports are taken again or refused
    bool conventional = false; // try Kafka's usual ports first (see the bases below), falling back silently
};

class PortAllocator
{
  public:
    // The conventional first ports: brokers 9092.., ZooKeeper client 2181.., quorum 2888.., election 3888...
    // KRaft controllers start at 19093: 9093 would collide with the brokers' 9092..9094.
    static constexpr int kBrokerBase = 9092;
    static constexpr int kCoordinatorBase = 2181;
    static constexpr int kQuorumBase = 2888;
    static constexpr int kElectionBase = 3888;
    static constexpr int kControllerBase = 19093;

    // Fails with a BadInput error naming the port, the node and who holds it when a fixed or kept port is taken.
    static Expected<ClusterLayout> allocate(const ClusterSpec &spec, const PortRequest &request = {});

    // True when nothing listens on host:port (a bind succeeds).
    static bool isFree(const QString &host, int port);

    // "pid 1234 (java)" for the process listening on a TCP port, or an empty string when unknown.
    static QString describeOwner(int port);
};

} // namespace ensemble
