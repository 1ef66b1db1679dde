#include "ClusterFeed.h"

#include <QMap>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

ClusterFeed::ClusterFeed(QObject *parent) : QObject(parent) {}

void ClusterFeed::reset(const ClusterLayout &layout, const QList<ClusterEvent> &history)
{
    reset(ClusterState(layout), history);
}

void ClusterFeed::reset(const ClusterState &start, const QList<ClusterEvent> &history)
{
    m_state = start;
    for (const ClusterEvent &e : history)
        m_state.apply(e);
    m_events = history.size() > kMaxEvents ? history.mid(history.size() - kMaxEvents) : history;
    Q_EMIT resetDone();
}

void ClusterFeed::apply(const ClusterEvent &event)
{
    m_state.apply(event);
    m_events.append(event);
    if (m_events.size() > kMaxEvents)
        m_events.removeFirst();
    Q_EMIT eventApplied(event);
}

ClusterLayout ClusterFeed::layoutFromEvents(const QList<ClusterEvent> &events)
{
    static const QRegularExpression named(u"^(.*?)-?(\\d+)$"_s);
    QMap<QString, NodeLayout> nodes;
    auto add = [&](const QString &name) {
        if (name.isEmpty() || name == u"cluster" || nodes.contains(name))
            return;
        NodeLayout n;
        n.name = name;
        const auto m = named.match(name);
        n.id = m.hasMatch() ? m.captured(2).toInt() : int(nodes.size()) + 1;
        n.kind = name.startsWith(u"zookeeper"_s) || name.startsWith(u"zk"_s) ? NodeKind::Coordinator : NodeKind::Broker;
        nodes.insert(name, n);
    };
    for (const ClusterEvent &e : events) {
        add(e.node);
        if (e.kind == EventKind::Vote) {
            const VoteFields vote = e.vote();
            add(vote.voter);
            add(vote.candidate);
        }
    }
    ClusterLayout layout;
    for (const NodeLayout &n : nodes)
        if (n.kind == NodeKind::Coordinator)
            layout.nodes.append(n);
    for (const NodeLayout &n : nodes)
        if (n.kind == NodeKind::Broker)
            layout.nodes.append(n);
    return layout;
}

} // namespace ensemble::ui
