#include "RuntimeInstallPrompt.h"

#include "RuntimeDialog.h"
#include "RuntimeLocator.h"
#include "RuntimeLock.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QPointer>
#include <QProcessEnvironment>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

RuntimeInstallPrompt::Need RuntimeInstallPrompt::need(const ClusterSpec &spec, const QString &kafkaHome)
{
    Need need;
    need.version = spec.effectiveKafkaVersion();
    // The same order as RuntimeLocator::locate: a runtime given by path wins over the installed one.
    if (!spec.kafkaHome.isEmpty() || !kafkaHome.isEmpty() ||
        QFileInfo::exists(RuntimeLocator::installedLibDir(need.version)))
        return need;
    const auto lock = RuntimeLock::forVersion(need.version);
    if (!lock)
        return need;
    need.kind = Need::Kind::Installable;
    need.jars = int(lock->jars.size());
    need.downloadBytes = lock->totalBytes();
    return need;
}

QString RuntimeInstallPrompt::question(const Need &need)
{
    return u"Kafka %1 is not installed — install now?\n\nEnsemble downloads its %2 jars (%3 MB) from Maven Central, "
           "checks every checksum, and then starts the cluster. The window stays usable meanwhile; Cancel leaves "
           "nothing half-installed."_s.arg(need.version)
               .arg(need.jars)
               .arg(double(need.downloadBytes) / 1e6, 0, 'f', 1);
}

RuntimeInstallPrompt::Answer RuntimeInstallPrompt::ask(QWidget *parent, const QString &clusterFile, bool unattended,
                                                       std::function<void()> start)
{
    // One install at a time: Start pressed again while it runs shows the dialog instead of a second prompt.
    static QPointer<RuntimeDialog> running;
    if (running && running->isInstalling()) {
        running->raise();
        running->activateWindow();
        return Answer::Installing;
    }
    if (unattended)
        return Answer::StartNow;
    const SpecParseResult parsed =
        clusterFile.isEmpty() ? parseClusterSpec(defaultClusterYaml()) : loadClusterSpec(clusterFile);
    if (!parsed.spec)
        return Answer::StartNow;
    const Need n = need(*parsed.spec, QProcessEnvironment::systemEnvironment().value(u"KAFKA_HOME"_s));
    if (n.kind == Need::Kind::Ready)
        return Answer::StartNow;

    QMessageBox box(QMessageBox::Question, u"Kafka %1 is not installed"_s.arg(n.version), question(n),
                    QMessageBox::Cancel, parent);
    QPushButton *install = box.addButton(u"Install and start"_s, QMessageBox::AcceptRole);
    box.setDefaultButton(install);
    box.exec();
    if (box.clickedButton() != install)
        return Answer::Declined;

    auto *dialog = new RuntimeDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    running = dialog;
    QObject::connect(dialog, &RuntimeDialog::installFinished, dialog,
                     [dialog, start = std::move(start)](bool ok, const QString &) {
                         if (!ok)
                             return; // the dialog shows what went wrong and what to do; Install retries
                         dialog->close();
                         start();
                     });
    dialog->show();
    dialog->install(n.version);
    return Answer::Installing;
}

} // namespace ensemble::ui
