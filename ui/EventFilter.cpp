#include "EventFilter.h"

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
    if (kind.isEmpty())
        m_kinds.clear();
    else if (kind == kElections)
        m_kinds = {u"election_started"_s, u"vote"_s, u"leader_elected"_s, u"peer_state"_s};
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
    if (!m_node.isEmpty() && e.node != m_node && e.vote().voter != m_node && e.vote().candidate != m_node &&
        e.fault().target != m_node)
        return false;
    if (!m_search.isEmpty()) {
        const QString hay = e.node + u' ' + toString(e.kind) + u' ' + e.description();
        if (!hay.contains(m_search, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace ensemble::ui
