#include "ControlRequest.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace ensemble {

Expected<ControlRequest> ControlRequest::parse(QByteArrayView line)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (!doc.isObject())
        return Error::badInput(u"not a JSON object: "_s +
                               (doc.isNull() ? parseError.errorString() : u"not an object"_s) +
                               u" — send one object a line, e.g. {\"cmd\":\"ping\"}"_s);
    const QJsonObject object = doc.object();
    const QString cmd = object.value(u"cmd"_s).toString();
    ControlRequest request;
    if (cmd == u"ping") {
        request.command = Command::Ping;
    } else if (cmd == u"status") {
        request.command = Command::Status;
    } else if (cmd == u"down") {
        request.command = Command::Down;
    } else if (cmd == u"node") {
        request.command = Command::Node;
        const QString action = object.value(u"action"_s).toString();
        const auto known = nodeActionFromString(action);
        if (!known)
            return Error::badInput(u"unknown action '%1'"_s.arg(action.left(64)));
        request.action = *known;
        request.node = object.value(u"node"_s).toString();
    } else if (cmd == u"events") {
        request.command = Command::Events;
        request.sinceMs = object.value(u"since"_s).toInteger(0);
        request.follow = object.value(u"follow"_s).toBool();
    } else if (cmd == u"fault") {
        request.command = Command::Fault;
        const auto fault = NetworkFault::fromJson(object);
        if (!fault)
            return Error::badInput(u"unknown network fault '%1' — isolate, partition, slow or heal"_s.arg(
                object.value(u"action"_s).toString().left(64)));
        request.fault = *fault;
    } else {
        return Error::badInput(
            u"unknown command '%1' — one of ping, status, node, fault, down, events"_s.arg(cmd.left(64)));
    }
    return request;
}

} // namespace ensemble
