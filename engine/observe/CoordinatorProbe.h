// Asks each ZooKeeper server `srvr` on its client port (ZooKeeper's four-letter word) and reports its mode.
// Asynchronous on the engine's thread: one short TCP exchange per server per round.
#pragma once

#include "NodeLayout.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace ensemble {

struct SrvrReply
{
    QString mode; // leader, follower, standalone, observer; empty when the server is not serving
    qint64 zxid = -1;
    int epoch = -1; // high 32 bits of the zxid
    bool serving = false;
};

// Parses the text a server answers to `srvr`. nullopt for an empty or unrecognised answer.
std::optional<SrvrReply> parseSrvr(const QByteArray &text);

class CoordinatorProbe : public QObject
{
    Q_OBJECT
  public:
    explicit CoordinatorProbe(QList<NodeLayout> coordinators, QString host, QObject *parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    void start()
    {
        m_timer.start();
        probeAll();
    }
    void stop() { m_timer.stop(); }
    void probeAll();

  Q_SIGNALS:
    // answered = false when nothing came back (down, paused, refusing connections).
    void replied(const QString &node, bool answered, const ensemble::SrvrReply &reply);

  private:
    void probe(const NodeLayout &node);

    QList<NodeLayout> m_nodes;
    QString m_host;
    QTimer m_timer;
};

} // namespace ensemble

Q_DECLARE_METATYPE(ensemble::SrvrReply)
