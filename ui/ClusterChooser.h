// File → Clusters…: the clusters `ensemble ls` lists (name, state, mode, Kafka version, bootstrap, workspace), with
// Attach (the window then shows that cluster: its history and what happens next) and Stop (`ensemble down`). The
// list is read on a worker thread (each running cluster is asked on its control socket) and again every few
// seconds while the dialog is open, so a cluster that starts or stops shows without a click.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QTimer>

class QLabel;
class QPushButton;
class QTableWidget;

namespace ensemble::ui {

class ClusterChooser : public QDialog
{
    Q_OBJECT
  public:
    explicit ClusterChooser(QWidget *parent = nullptr);
    ~ClusterChooser() override;

    // Reads the list again (on a worker); listed() when it is shown.
    void refresh();
    QTableWidget *table() const { return m_table; }
    // The listed clusters, as `ensemble ls --json` gives them.
    const QJsonArray &clusters() const { return m_clusters; }
    // Selects the row of WORKSPACE; false when it is not listed.
    bool select(const QString &workspace);
    QPushButton *attachButton() const { return m_attach; }
    QPushButton *stopButton() const { return m_stop; }

  Q_SIGNALS:
    void attachRequested(const QString &workspace);
    void listed();

  private:
    void fill(const QJsonArray &clusters);
    QString selectedWorkspace() const;
    QString selectedState() const;
    void updateButtons();
    void stopSelected();

    QTableWidget *m_table;
    QLabel *m_note;
    QPushButton *m_attach;
    QPushButton *m_stop;
    QJsonArray m_clusters;
    QFutureWatcher<QJsonArray> m_listing;
    QTimer m_again;
};

} // namespace ensemble::ui
