#include "QuorumStateFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace ensemble {

std::optional<QuorumStateFile> QuorumStateFile::parse(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    if (!o.value(u"leaderEpoch"_s).isDouble())
        return std::nullopt;
    QuorumStateFile state;
    state.leaderId = o.value(u"leaderId"_s).toInt(-1);
    state.leaderEpoch = o.value(u"leaderEpoch"_s).toInt(-1);
    state.votedId = o.value(u"votedId"_s).toInt(-1);
    for (const QJsonValue &v : o.value(u"currentVoters"_s).toArray())
        state.voters.append(v.toObject().value(u"voterId"_s).toInt());
    return state;
}

std::optional<QuorumStateFile> QuorumStateFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return parse(file.read(64 * 1024));
}

} // namespace ensemble
