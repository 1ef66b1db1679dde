// Follows the nodes' log files (WORKSPACE/nodes/NODE/logs/node.log) of a cluster another process runs, and hands
// on each line appended since it began, as that process's Engine hands on what its nodes print. It polls: the
// files are local and small reads, so a poll twice a second costs next to nothing and needs no file watcher.
#pragma once

#include <QHash>
#include <QObject>
#include <QTimer>

namespace ensemble {

class NodeLogTail : public QObject
{
    Q_OBJECT
  public:
    explicit NodeLogTail(QObject *parent = nullptr);

    // FILES: node name -> its log file. Lines already in the files are not handed on (the log view reads them).
    void start(const QHash<QString, QString> &files);
    void stop() { m_timer.stop(); }

  Q_SIGNALS:
    void line(const QString &node, const QString &line);

  private:
    struct Followed
    {
        QString path;
        qint64 offset = 0;
        QByteArray partial; // a line not ended yet
    };
    void poll();

    QHash<QString, Followed> m_files;
    QTimer m_timer;
    static constexpr int kPollMs = 500;
    static constexpr qint64 kMaxReadBytes = 256 * 1024; // per file and poll: a burst is read over a few polls
};

} // namespace ensemble
