#include "NodeLogTail.h"

#include <QFile>
#include <QFileInfo>

namespace ensemble {

NodeLogTail::NodeLogTail(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &NodeLogTail::poll);
}

void NodeLogTail::start(const QHash<QString, QString> &files)
{
    m_files.clear();
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        m_files.insert(it.key(), Followed{it.value(), QFileInfo(it.value()).size(), {}});
    m_timer.start();
}

void NodeLogTail::poll()
{
    for (auto it = m_files.begin(); it != m_files.end(); ++it) {
        Followed &f = it.value();
        QFile file(f.path);
        if (!file.open(QIODevice::ReadOnly))
            continue;                 // not written yet
        if (file.size() < f.offset) { // the node's log began again (a new run of the cluster)
            f.offset = 0;
            f.partial.clear();
        }
        if (file.size() == f.offset || !file.seek(f.offset))
            continue;
        const QByteArray chunk = file.read(kMaxReadBytes);
        f.offset += chunk.size();
        f.partial += chunk;
        qsizetype start = 0;
        for (qsizetype end = f.partial.indexOf('\n'); end >= 0; end = f.partial.indexOf('\n', start)) {
            QByteArrayView text(f.partial.constData() + start, end - start);
            if (text.endsWith('\r'))
                text.chop(1);
            Q_EMIT line(it.key(), QString::fromUtf8(text));
            start = end + 1;
        }
        f.partial.remove(0, start);
    }
}

} // namespace ensemble
