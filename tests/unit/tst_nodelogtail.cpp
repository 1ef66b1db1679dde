// NodeLogTail: an attached window's node output comes from the nodes' log files — only what is appended after the
// tail began, line by line (a line is handed on once it ends), and from the start again when a file begins anew.
#include "NodeLogTail.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {
void append(const QString &path, const QByteArray &text, QIODevice::OpenMode mode = QIODevice::Append)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | mode));
    QCOMPARE(file.write(text), text.size());
}
} // namespace

class TestNodeLogTail : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void handsOnAppendedLinesOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"node.log"_s);
        append(path, "2026-11-28 23:00:00,000 INFO [main] before the attach\n");
        NodeLogTail tail;
        QSignalSpy lines(&tail, &NodeLogTail::line);
        tail.start({{u"kafka-1"_s, path}, {u"zookeeper-1"_s, dir.filePath(u"missing.log"_s)}});
        append(path, "2026-11-28 23:00:01,000 INFO [main] first\r\n2026-11-28 23:00:02,000 INFO [main] sec");
        QTRY_COMPARE(lines.size(), 1);
        QCOMPARE(lines.at(0).at(0).toString(), u"kafka-1"_s);
        QCOMPARE(lines.at(0).at(1).toString(), u"2026-11-28 23:00:01,000 INFO [main] first"_s);
        append(path, "ond\n");
        QTRY_COMPARE(lines.size(), 2);
        QCOMPARE(lines.at(1).at(1).toString(), u"2026-11-28 23:00:02,000 INFO [main] second"_s);
    }

    void startsOverWhenTheFileBeginsAnew()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"node.log"_s);
        append(path, QByteArray(200, 'x') + '\n');
        NodeLogTail tail;
        QSignalSpy lines(&tail, &NodeLogTail::line);
        tail.start({{u"kafka-1"_s, path}});
        append(path, "new run\n", QIODevice::Truncate);
        QTRY_COMPARE(lines.size(), 1);
        QCOMPARE(lines.at(0).at(1).toString(), u"new run"_s);
    }
};

QTEST_GUILESS_MAIN(TestNodeLogTail)
#include "tst_nodelogtail.moc"
