// Shows the traffic charts (and the produce form) against a running cluster, for screenshots such as the charts
// during `ensemble drill`: it keeps producing through KafkaClient, follows the cluster's events and status through
// the `ensemble` binary, and saves a picture after the given time.
//   kafka_widgets_harness -w WORKSPACE --seconds 90 --out charts.png [--rate 300]
#include "ClusterEvent.h"
#include "KafkaClient.h"
#include "TrafficCharts.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {
int underReplicated(const QJsonObject &status)
{
    int under = 0;
    for (const QJsonValue &t : status.value(u"topics"_s).toArray())
        for (const QJsonValue &p : t.toObject().value(u"partitions"_s).toArray())
            under += p.toObject().value(u"isr"_s).toArray().size() < p.toObject().value(u"replicas"_s).toArray().size();
    return under;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption wsOpt(u"w"_s, u"workspace"_s, u"DIR"_s);
    const QCommandLineOption secondsOpt(u"seconds"_s, u"run time"_s, u"S"_s, u"90"_s);
    const QCommandLineOption outOpt(u"out"_s, u"PNG to write"_s, u"FILE"_s);
    const QCommandLineOption rateOpt(u"rate"_s, u"messages/s"_s, u"N"_s, u"300"_s);
    const QCommandLineOption windowOpt(u"window"_s, u"seconds shown"_s, u"S"_s, u"120"_s);
    parser.addOptions({wsOpt, secondsOpt, outOpt, rateOpt, windowOpt});
    parser.process(app);
    const QString binary = QStringLiteral(ENSEMBLE_BINARY);
    const QStringList ws{u"-w"_s, parser.value(wsOpt)};

    QProcess statusOnce;
    statusOnce.start(binary, QStringList{u"status"_s, u"--json"_s} + ws);
    statusOnce.waitForFinished(10000);
    const QJsonObject status = QJsonDocument::fromJson(statusOnce.readAllStandardOutput()).object();
    const QString bootstrap = status.value(u"bootstrap"_s).toString();
    if (bootstrap.isEmpty()) {
        qCritical("no running cluster in that workspace");
        return 1;
    }

    KafkaClient client(bootstrap);
    ui::TrafficCharts charts;
    charts.attachClient(&client);
    charts.setWindowSeconds(parser.value(windowOpt).toInt());
    charts.setWindowTitle(u"Ensemble — traffic during `ensemble drill`"_s);
    charts.resize(1100, 620);
    charts.show();

    // The traffic: a topic like the drill's (3 replicas, min.insync.replicas=2) and a steady acks=all stream.
    KafkaClient::JobId produceJob = 0;
    QObject::connect(&client, &KafkaClient::adminFinished, &charts, [&](KafkaClient::JobId, const QString &, const QString &, const QString &) {
        ProduceRequest request;
        request.topic = u"charts-demo"_s;
        request.acks = u"all"_s;
        request.untilCancelled = true;
        request.ratePerSecond = parser.value(rateOpt).toInt();
        request.timeoutMs = 60000;
        request.value = "charts-demo message";
        produceJob = client.produce(request);
    });
    client.createTopic(TopicSpec{u"charts-demo"_s, 3, 3, {{u"min.insync.replicas"_s, u"2"_s}}});

    // Events (markers) as the cluster reports them.
    QProcess events;
    QByteArray pending;
    QObject::connect(&events, &QProcess::readyReadStandardOutput, &charts, [&] {
        pending += events.readAllStandardOutput();
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(nl);
            pending.remove(0, nl + 1);
            if (auto e = ClusterEvent::fromJson(QJsonDocument::fromJson(line).object()))
                charts.addEvent(*e);
        }
    });
    events.start(binary, QStringList{u"events"_s, u"--follow"_s, u"--json"_s, u"--since"_s,
                                     QString::number(qMax<qint64>(0, status.value(u"uptime_ms"_s).toInteger()))} + ws);

    // Under-replicated partitions from the cluster's status, once a second.
    QProcess statusPoll;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &charts, [&] {
        if (statusPoll.state() == QProcess::NotRunning)
            statusPoll.start(binary, QStringList{u"status"_s, u"--json"_s} + ws);
    });
    QObject::connect(&statusPoll, &QProcess::finished, &charts, [&] {
        charts.setUnderReplicated(underReplicated(QJsonDocument::fromJson(statusPoll.readAllStandardOutput()).object()));
    });
    poll.start(1000);

    QTimer::singleShot(parser.value(secondsOpt).toInt() * 1000, &charts, [&] {
        if (parser.isSet(outOpt))
            charts.grab().save(parser.value(outOpt));
        client.cancel(produceJob);
        events.kill();
        app.quit();
    });
    const int code = app.exec();
    events.waitForFinished(3000);
    statusPoll.waitForFinished(3000);
    return code;
}
