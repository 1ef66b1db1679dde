#include "RecentClusterFiles.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const auto kKey = u"files/recent"_s;
}

void RecentClusterFiles::add(const QString &path)
{
    if (path.isEmpty())
        return;
    const QString file = QFileInfo(path).absoluteFilePath();
    QStringList list = m_settings.value(kKey).toStringList();
    list.removeAll(file);
    list.prepend(file);
    while (list.size() > kMax)
        list.removeLast();
    m_settings.setValue(kKey, list);
}

QStringList RecentClusterFiles::files(QStringList *dropped)
{
    const QStringList stored = m_settings.value(kKey).toStringList();
    QStringList kept;
    for (const QString &file : stored) {
        if (QFileInfo(file).isFile())
            kept.append(file);
        else if (dropped)
            dropped->append(file);
    }
    if (kept.size() != stored.size())
        m_settings.setValue(kKey, kept);
    return kept;
}

void RecentClusterFiles::clear()
{
    m_settings.remove(kKey);
}

} // namespace ensemble::ui
