#include "EventFilter.h"

#include "ElectionNarrator.h"
#include "EventModel.h"

using namespace Qt::StringLiterals;

namespace ensemble::ui {

EventFilter::EventFilter(QObject *parent) : QSortFilterProxyModel(parent) {}

void EventFilter::setNode(const QString &node)
{
    m_node = node;
    invalidateFilter();
}

void EventFilter::setKind(const QString &kind)
{
    m_preVote.reset();
    if (kind.isEmpty())
        m_kinds.clear();
    else if (kind == kElections)
        m_kinds = {u"election_started"_s, u"vote"_s, u"leader_elected"_s, u"peer_state"_s};
    else if (kind == kRaft)
        m_kinds = {u"election_started"_s,        u"raft_vote"_s,      u"raft_state_changed"_s,
                   u"raft_election_timed_out"_s, u"leader_elected"_s, u"controller_changed"_s};
    else if (kind == kPreVotes || kind == kRaftVotes) {
        m_kinds = {u"raft_vote"_s};
        m_preVote = kind == kPreVotes;
    } else if (kind == kLeaders)
        m_kinds = {u"leader_elected"_s, u"controller_changed"_s, u"partition_leader_changed"_s};
    else if (kind == kFencing)
        m_kinds = {u"broker_fenced"_s, u"broker_unfenced"_s, u"broker_unregistered"_s, u"controlled_shutdown"_s};
    else
        m_kinds = {kind};
    invalidateFilter();
}

void EventFilter::setSearch(const QString &text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

bool EventFilter::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    auto *model = qobject_cast<EventModel *>(sourceModel());
    if (!model || sourceRow >= model->events().size())
        return true;
    const ensemble::ClusterEvent &e = model->event(sourceRow);
    if (!m_kinds.isEmpty() && !m_kinds.contains(toString(e.kind)))
        return false;
    if (m_preVote && e.fields.value(u"pre_vote"_s).toBool() != *m_preVote)
        return false;
    if (!m_node.isEmpty() && e.node != m_node && e.vote().voter != m_node && e.vote().candidate != m_node &&
        e.fault().target != m_node)
        return false;
    if (!m_search.isEmpty()) {
        const QString hay = e.node + u' ' + toString(e.kind) + u' ' + e.description() + u' ' + readableDescription(e);
        if (!hay.contains(m_search, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace ensemble::ui
