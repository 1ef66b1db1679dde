#include "PartitionModel.h"

#include "ClusterFeed.h"
#include "ClusterSession.h"

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QJsonArray>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
QString idList(const QList<int> &ids)
{
    QStringList parts;
    for (int id : ids)
        parts.append(QString::number(id));
    return parts.join(u", "_s);
}
quint64 key(int row, int column)
{
    return (quint64(row) << 8) | quint64(column);
}
} // namespace

PartitionModel::PartitionModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_clock.start();
    m_fade.setInterval(60);
    connect(&m_fade, &QTimer::timeout, this, [this] {
        bool any = false;
        for (auto it = m_flashes.cbegin(); it != m_flashes.cend(); ++it) {
            const int row = int(it.key() >> 8), col = int(it.key() & 0xff);
            if (m_clock.elapsed() - it->atMs <= kFlashMs + 100) {
                any = true;
                const QModelIndex i = index(row, col);
                Q_EMIT dataChanged(i, i, {Qt::BackgroundRole});
            }
        }
        if (!any)
            m_fade.stop();
    });
}

void PartitionModel::setFeed(ClusterFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (feed) {
        connect(feed, &ClusterFeed::resetDone, this, &PartitionModel::reload);
        connect(feed, &ClusterFeed::eventApplied, this, &PartitionModel::onEvent);
    }
    reload();
}

void PartitionModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_flashes.clear();
    if (m_feed)
        for (const TopicState &t : m_feed->state().topics())
            for (const PartitionState &p : t.partitions)
                m_rows.append({t.name, p.partition});
    endResetModel();
}

void PartitionModel::onEvent(const ClusterEvent &e)
{
    const bool leader = e.kind == EventKind::PartitionLeaderChanged;
    const bool isr = e.kind == EventKind::IsrChanged;
    if (e.kind == EventKind::TopicCreated || e.kind == EventKind::TopicDeleted) {
        reload();
        return;
    }
    if (!leader && !isr)
        return;
    const PartitionLeaderFields moved = leader ? e.partitionLeader() : PartitionLeaderFields{};
    const IsrFields isrChange = isr ? e.isrChange() : IsrFields{};
    const QString topic = leader ? moved.topic : isrChange.topic;
    const int partition = leader ? moved.partition : isrChange.partition;
    QModelIndex at = find(topic, partition);
    if (!at.isValid()) {
        // A partition we had not seen (its topic_created came before the log started): show it now.
        const int before = int(m_rows.size());
        reload();
        at = find(topic, partition);
        if (!at.isValid() || int(m_rows.size()) == before)
            return;
    }
    const int column = leader ? Leader : Isr;
    Flash f;
    f.atMs = m_clock.elapsed();
    f.eventTimeMs = e.timeMs;
    const QList<int> previousIsr = isrChange.previous.value_or(QList<int>{});
    f.previous = leader ? brokerText(moved.previous) : (previousIsr.isEmpty() ? u"(none)"_s : idList(previousIsr));
    // The first report of a partition is not a change worth flashing.
    const bool first = leader ? moved.previous == -1 && e.source == u"probe" : previousIsr.isEmpty();
    if (!first) {
        m_flashes.insert(key(at.row(), column), f);
        if (!m_fade.isActive())
            m_fade.start();
    }
    Q_EMIT dataChanged(index(at.row(), 0), index(at.row(), ColumnCount - 1));
}

QString PartitionModel::brokerText(int id) const
{
    return id < 0 ? u"none"_s : QString::number(id);
}

int PartitionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PartitionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QModelIndex PartitionModel::find(const QString &topic, int partition, int column) const
{
    for (int r = 0; r < m_rows.size(); ++r)
        if (m_rows[r].topic == topic && m_rows[r].partition == partition)
            return index(r, column);
    return {};
}

void PartitionModel::setMinIsr(const MinIsrCheck &check)
{
    m_minIsr = check;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void PartitionModel::setMinIsrOf(const ClusterSession *engine)
{
    setMinIsr(engine ? MinIsrCheck::fromConfigs(engine->spec().topics, engine->spec().brokerConfig) : MinIsrCheck());
}

int PartitionModel::refusingWritesCount() const
{
    int n = 0;
    for (int r = 0; r < rowCount(); ++r)
        n += data(index(r, 0), RefusesWritesRole).toBool() ? 1 : 0;
    return n;
}

int PartitionModel::underReplicatedCount() const
{
    int n = 0;
    for (int r = 0; r < m_rows.size(); ++r)
        n += data(index(r, 0), UnderReplicatedRole).toBool() ? 1 : 0;
    return n;
}

double PartitionModel::flashLevel(const QModelIndex &index) const
{
    const auto it = m_flashes.constFind(key(index.row(), index.column()));
    if (it == m_flashes.cend())
        return 0;
    const qint64 age = m_clock.elapsed() - it->atMs;
    return age >= kFlashMs ? 0 : 1.0 - double(age) / kFlashMs;
}

QVariant PartitionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_feed || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    const auto topic = m_feed->state().topics().constFind(row.topic);
    if (topic == m_feed->state().topics().cend())
        return {};
    const PartitionState p = topic->partitions.value(row.partition);
    const bool under = p.leader < 0 || (!p.replicas.isEmpty() && p.isr.size() < p.replicas.size());
    const int minIsr = m_minIsr.minIsr(row.topic);
    const bool refuses = !p.isr.isEmpty() && p.isr.size() < minIsr;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Topic:
            return row.topic;
        case Partition:
            return p.partition;
        case Leader:
            return brokerText(p.leader);
        case Replicas:
            return idList(p.replicas);
        case Isr:
            // A sign beside the colour: readable without telling red from beige.
            return refuses ? u"⚠ %1 (min %2)"_s.arg(idList(p.isr)).arg(minIsr) : idList(p.isr);
        }
        break;
    case Qt::ToolTipRole: {
        QString tip = under ? u"Under-replicated: %1 of %2 replicas in sync"_s.arg(p.isr.size()).arg(p.replicas.size())
                            : u"Fully replicated"_s;
        if (refuses)
            tip += u"\nacks=all writes will be refused: %1 in sync, min.insync.replicas is %2 (producers get "
                   "NOT_ENOUGH_REPLICAS, then time out)"_s.arg(p.isr.size())
                       .arg(minIsr);
        const auto f = m_flashes.constFind(key(index.row(), index.column()));
        if (f != m_flashes.cend())
            tip += u"\nWas: %1 (changed at %2 s)"_s.arg(f->previous).arg(double(f->eventTimeMs) / 1000.0, 0, 'f', 3);
        return tip;
    }
    case Qt::BackgroundRole: {
        const double flash = flashLevel(index);
        QColor base = under ? QColor(0xd6, 0x45, 0x45) : QColor();
        if (under)
            base.setAlphaF(0.22f);
        if (flash > 0) {
            QColor hi(0xf2, 0xc2, 0x1b);
            hi.setAlphaF(float(0.25 + 0.65 * flash));
            return hi;
        }
        return base.isValid() ? QVariant(base) : QVariant();
    }
    case Qt::FontRole:
        if (under && (index.column() == Isr || index.column() == Leader)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::TextAlignmentRole:
        return index.column() == Topic ? QVariant(Qt::AlignVCenter | Qt::AlignLeft) : QVariant(Qt::AlignCenter);
    case UnderReplicatedRole:
        return under;
    case RefusesWritesRole:
        return refuses;
    case FlashRole:
        return flashLevel(index);
    case PreviousRole: {
        const auto f = m_flashes.constFind(key(index.row(), index.column()));
        return f == m_flashes.cend() ? QVariant() : QVariant(f->previous);
    }
    }
    return {};
}

QVariant PartitionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Topic:
        return u"Topic"_s;
    case Partition:
        return u"Partition"_s;
    case Leader:
        return u"Leader"_s;
    case Replicas:
        return u"Replicas"_s;
    case Isr:
        return u"ISR"_s;
    }
    return {};
}

} // namespace ensemble::ui
