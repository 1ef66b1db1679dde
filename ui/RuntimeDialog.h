// Help → Kafka runtimes: the installed runtimes and those Ensemble can install; installs one with a progress bar
// and a Cancel button, removes one. The download and checks run on a worker thread (RuntimeInstaller), so the
// window stays live; closing the dialog cancels an install in flight (nothing is left half-installed). After an
// install, a short training run (ClassDataTraining) makes the class-data archives that make the first cluster start
// fast; Skip (or closing the dialog) ends it, which only leaves that first start slower.
#pragma once

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;

namespace ensemble {
class ClassDataTraining;
class RuntimeInstaller;
struct RuntimeInstallProgress;
} // namespace ensemble

namespace ensemble::ui {

class RuntimeDialog : public QDialog
{
    Q_OBJECT
  public:
    explicit RuntimeDialog(QWidget *parent = nullptr);
    ~RuntimeDialog() override;

    // Starts installing VERSION (as the Install button does).
    void install(const QString &version);
    bool isInstalling() const { return m_installer != nullptr; }
    bool isPreparingFastStarts() const { return m_training != nullptr; }

  Q_SIGNALS:
    void installFinished(bool ok, const QString &message);
    // The training run after an install has ended: OK when the archives are there.
    void fastStartsFinished(bool ok, const QString &message);

  protected:
    void reject() override;

  private:
    void refresh();
    void selectionChanged();
    void removeSelected();
    void cancelInstall();
    void onProgress(const ensemble::RuntimeInstallProgress &progress);
    void onFinished(bool ok, const QString &message);
    void prepareFastStarts(const QString &version);
    QString selectedVersion() const;

    QTableWidget *m_table = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_install = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_cancel = nullptr;
    QThread *m_thread = nullptr;
    RuntimeInstaller *m_installer = nullptr;
    ClassDataTraining *m_training = nullptr;
    QString m_installing; // the version the last install was of
};

} // namespace ensemble::ui
