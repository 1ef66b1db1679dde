#include "RaftQuorumPicture.h"

#include "NodeState.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

void RaftQuorumPicture::reset(const ClusterLayout &layout)
{
    m_layout = layout;
    m_voters.clear();
    m_brokers.clear();
    m_highestEpoch = -1;
    m_highWatermark.reset();
    m_logEnd.clear();
}

QString RaftQuorumPicture::nameOf(const QJsonValue &id) const
{
    if (id.isString())
        return id.toString();
    const NodeLayout *n = m_layout.findById(id.toInt(-1));
    return n ? n->name : QString();
}

void RaftQuorumPicture::apply(const ClusterEvent &e)
{
    switch (e.kind) {
    case EventKind::RaftStateChanged: {
        Voter &v = m_voters[e.node];
        const int epoch = e.fields.value(u"epoch"_s).toInt(-1);
        if (epoch != v.epoch)
            v.voted.clear(); // a vote holds for one epoch
        v.state = e.fields.value(u"state"_s).toString();
        v.epoch = epoch;
        if (e.fields.contains(u"voted"_s))
            v.voted = nameOf(e.fields.value(u"voted"_s));
        v.leader = v.state == u"leader" ? e.node : nameOf(e.fields.value(u"leader"_s));
        m_highestEpoch = std::max(m_highestEpoch, epoch);
        break;
    }
    case EventKind::RaftVote: {
        // A granted real vote binds the voter for that epoch; a pre-vote binds nobody (KIP-996).
        const int epoch = e.fields.value(u"epoch"_s).toInt(-1);
        m_highestEpoch = std::max(m_highestEpoch, epoch);
        if (!e.fields.value(u"granted"_s).toBool() || e.fields.value(u"pre_vote"_s).toBool())
            break;
        const QString voterName = e.fields.value(u"voter"_s).toString(e.node);
        Voter &v = m_voters[voterName.isEmpty() ? e.node : voterName];
        if (epoch >= v.epoch) {
            v.epoch = epoch;
            v.voted = e.fields.value(u"candidate"_s).toString();
            if (v.voted.isEmpty())
                v.voted = nameOf(e.fields.value(u"candidate_id"_s));
        }
        break;
    }
    case EventKind::NodeState: {
        // What a stopped node said in its log no longer holds: unknown until it speaks again. A dead leader keeps
        // its word, so that a higher epoch can be shown fencing it.
        if (isRunning(nodeStateFromString(e.nodeState().state)))
            break;
        if (auto it = m_voters.find(e.node); it != m_voters.end() && it->state != u"leader")
            it->state.clear();
        if (const NodeLayout *n = m_layout.find(e.node); n && n->kind == NodeKind::Broker)
            m_brokers.remove(n->id);
        break;
    }
    case EventKind::BrokerRegistered:
        // A broker's own log says it registered (it stays fenced until it has caught up with the metadata log);
        // the metadata probe sees a broker only once it is unfenced: KRaft's metadata answers leave fenced ones out.
        if (e.source == u"probe")
            m_brokers.insert(e.broker().broker, u"unfenced"_s);
        else if (m_brokers.value(e.broker().broker) != u"unfenced")
            m_brokers.insert(e.broker().broker, u"registered"_s);
        break;
    case EventKind::BrokerUnregistered:
        m_brokers.remove(e.broker().broker);
        break;
    case EventKind::BrokerFenced:
        m_brokers.insert(e.fields.value(u"broker"_s).toInt(), u"fenced"_s);
        break;
    case EventKind::BrokerUnfenced:
        m_brokers.insert(e.fields.value(u"broker"_s).toInt(), u"unfenced"_s);
        break;
    default:
        break;
    }
    if (e.fields.contains(u"high_watermark"_s))
        readFigures(e.fields);
}

void RaftQuorumPicture::readFigures(const QJsonObject &fields)
{
    QHash<QString, qint64> logEnd;
    for (const QJsonValue &v : fields.value(u"voters"_s).toArray()) {
        const QJsonObject o = v.toObject();
        const QString node = o.contains(u"node"_s) ? o.value(u"node"_s).toString() : nameOf(o.value(u"id"_s));
        if (!node.isEmpty() && o.contains(u"log_end_offset"_s))
            logEnd.insert(node, o.value(u"log_end_offset"_s).toInteger());
    }
    setOffsets(fields.value(u"high_watermark"_s).toInteger(), logEnd);
}

const RaftQuorumPicture::Voter *RaftQuorumPicture::voter(const QString &node) const
{
    auto it = m_voters.constFind(node);
    return it == m_voters.cend() ? nullptr : &*it;
}

bool RaftQuorumPicture::isFencedLeader(const QString &node) const
{
    const Voter *v = voter(node);
    return v && v->state == u"leader" && v->epoch >= 0 && v->epoch < m_highestEpoch;
}

QString RaftQuorumPicture::brokerStatus(int brokerId) const
{
    return m_brokers.value(brokerId, u"not registered"_s);
}

void RaftQuorumPicture::setOffsets(qint64 highWatermark, const QHash<QString, qint64> &logEndOffsets)
{
    m_highWatermark = highWatermark;
    m_logEnd = logEndOffsets;
}

std::optional<qint64> RaftQuorumPicture::logEndOffset(const QString &node) const
{
    auto it = m_logEnd.constFind(node);
    return it == m_logEnd.cend() ? std::nullopt : std::optional<qint64>(*it);
}

std::optional<double> RaftQuorumPicture::catchUp(const QString &node) const
{
    const std::optional<qint64> leo = logEndOffset(node);
    if (!m_highWatermark || !leo)
        return std::nullopt;
    if (*m_highWatermark <= 0)
        return 1.0;
    return std::clamp(double(*leo) / double(*m_highWatermark), 0.0, 1.0);
}

} // namespace ensemble::ui
