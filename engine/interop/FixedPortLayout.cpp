#include "FixedPortLayout.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace ensemble {

Expected<ClusterLayout> fixedPortLayout(const ClusterSpec &spec)
{
    ClusterLayout layout;
    layout.host = spec.listen;
    const int zkBase = spec.coordinatorPortBase > 0 ? spec.coordinatorPortBase : kDefaultCoordinatorPort;
    const int kafkaBase = spec.brokerPortBase > 0 ? spec.brokerPortBase : kDefaultBrokerPort;
    QHash<int, QString> used;
    auto claim = [&](int port, const QString &what) -> Status {
        if (port < 1 || port > 65535)
            return Error::badInput(
                u"%1 would be port %2, outside 1-65535 — choose other first ports under `ports:`"_s.arg(what).arg(
                    port));
        if (used.contains(port))
            return Error::badInput(u"%1 and %2 would both use port %3 — choose other first ports under `ports:` in "
                                   "the cluster file"_s.arg(used.value(port), what)
                                       .arg(port));
        used.insert(port, what);
        return ok();
    };
    for (int i = 1; i <= spec.coordinators; ++i) {
        NodeLayout n{spec.coordinatorName(i), NodeKind::Coordinator, i};
        n.clientPort = zkBase + i - 1;
        n.quorumPort = kDefaultQuorumPort + i - 1;
        n.electionPort = kDefaultElectionPort + i - 1;
        for (const auto &[port, what] :
             {std::pair{n.clientPort, u"the client port of "_s}, std::pair{n.quorumPort, u"the quorum port of "_s},
              std::pair{n.electionPort, u"the election port of "_s}})
            if (Status s = claim(port, what + n.name); !s)
                return s.error();
        layout.nodes.append(n);
    }
    for (int i = 1; i <= spec.brokers; ++i) {
        NodeLayout n{spec.brokerName(i), NodeKind::Broker, i};
        n.clientPort = kafkaBase + i - 1;
        if (Status s = claim(n.clientPort, u"the listener of "_s + n.name); !s)
            return s.error();
        layout.nodes.append(n);
    }
    return layout;
}

} // namespace ensemble
