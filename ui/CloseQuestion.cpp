#include "CloseQuestion.h"

#include <QCheckBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QString>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const QString kKey = u"confirm/closeAttached"_s; // "keep" or "stop"; absent: ask

QSettings settings()
{
    return QSettings(u"ensemble"_s, u"window"_s);
}
} // namespace

CloseQuestion::Answer CloseQuestion::ask(QWidget *parent, const QString &attachedName, bool unattended)
{
    if (attachedName.isEmpty())
        return unattended ? Answer::Stop : askOwn(parent);
    return unattended ? Answer::KeepRunning : askAttached(parent, attachedName);
}

CloseQuestion::Answer CloseQuestion::askOwn(QWidget *parent)
{
    QMessageBox box(QMessageBox::Question, u"Stop the cluster?"_s,
                    u"The cluster is running. Its nodes are child processes of this window and end with it.\n\n"
                    "Stop every node cleanly and quit?"_s,
                    QMessageBox::Cancel, parent);
    QPushButton *stop = box.addButton(u"Stop and quit"_s, QMessageBox::AcceptRole);
    box.setDefaultButton(stop);
    box.exec();
    return box.clickedButton() == stop ? Answer::Stop : Answer::Cancel;
}

CloseQuestion::Answer CloseQuestion::remembered()
{
    const QString value = settings().value(kKey).toString();
    return value == u"keep" ? Answer::KeepRunning : value == u"stop" ? Answer::Stop : Answer::Cancel;
}

CloseQuestion::Answer CloseQuestion::askAttached(QWidget *parent, const QString &name)
{
    if (const Answer known = remembered(); known != Answer::Cancel)
        return known;
    QMessageBox box(
        QMessageBox::Question, u"Stop the cluster or keep it running?"_s,
        u"The window is attached to the cluster %1, which runs on its own (`ensemble up -d`).\n\n"
        "Keep it running: the window closes, the cluster goes on (`ensemble ls`, `ensemble down`, or "
        "File → Clusters… in a new window).\nStop it: every node stops cleanly, then the window closes."_s.arg(name),
        QMessageBox::Cancel, parent);
    QPushButton *keep = box.addButton(u"Keep running"_s, QMessageBox::AcceptRole);
    QPushButton *stop = box.addButton(u"Stop the cluster"_s, QMessageBox::DestructiveRole);
    box.setDefaultButton(keep);
    auto *dontAsk = new QCheckBox(u"Don't ask again (View → Ask again before every action)"_s, &box);
    box.setCheckBox(dontAsk);
    box.exec();
    const Answer answer = box.clickedButton() == keep   ? Answer::KeepRunning
                          : box.clickedButton() == stop ? Answer::Stop
                                                        : Answer::Cancel;
    if (answer != Answer::Cancel && dontAsk->isChecked())
        settings().setValue(kKey, answer == Answer::KeepRunning ? u"keep"_s : u"stop"_s);
    return answer;
}

void CloseQuestion::resetDontAsk()
{
    settings().remove(kKey);
}

} // namespace ensemble::ui
