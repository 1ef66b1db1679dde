// Gives every node of a cluster its ports: the fixed ranges the cluster file asks for (checked to be free)
// or free ports picked from the kernel.
#pragma once

#include "ClusterSpec.h"
#include "Expected.h"
#include "NodeLayout.h"

namespace ensemble {

class PortAllocator
{
  public:
    // Fails with a BadInput error naming the port, the node and who holds it when a fixed port is taken.
    static Expected<ClusterLayout> allocate(const ClusterSpec &spec);

    // True when nothing listens on host:port (a bind succeeds).
    static bool isFree(const QString &host, int port);

    // "pid 1234 (java)" for the process listening on a TCP port, or an empty string when unknown.
    static QString describeOwner(int port);
};

} // namespace ensemble
