// File → New cluster… (Ctrl+N): mode, Kafka version (installed, or installable from the locks this build ships),
// node counts, profile and optional topics, and where to save the cluster file. Every change is checked by the
// same rules as `ensemble validate` (the fields are written as a cluster file and parsed, validated and linted like
// one): errors and warnings show inline and OK stays disabled while there is an error. OK writes the file; the
// window then opens and starts it (a missing runtime is offered for install at Start).
#pragma once

#include "ClusterSpec.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace ensemble::ui {

class NewClusterDialog : public QDialog
{
    Q_OBJECT
  public:
    explicit NewClusterDialog(QWidget *parent = nullptr);

    // The cluster the fields describe (as written to the file).
    ClusterSpec spec() const;
    QString filePath() const;
    void setFilePath(const QString &path);
    // The checks' findings for the fields as they are: "MESSAGE — WHAT TO DO".
    QStringList errors() const { return m_errors; }
    QStringList warnings() const { return m_warnings; }
    QPushButton *okButton() const { return m_ok; }
    // The text OK writes.
    QByteArray yaml() const;
    // The folder a new cluster file goes to: the last one used, else Documents/Ensemble.
    static QString defaultFolder();

  public Q_SLOTS:
    void accept() override;

  private:
    void fillVersions();
    void onModeChanged();
    void onCombinedToggled(bool combined);
    void addTopic();
    void revalidate();

    QLineEdit *m_name = nullptr;
    QComboBox *m_mode = nullptr;
    QComboBox *m_version = nullptr;
    QLabel *m_versionNote = nullptr;
    QLabel *m_coordinatorsLabel = nullptr;
    QSpinBox *m_coordinators = nullptr;
    QCheckBox *m_combined = nullptr;
    QSpinBox *m_brokers = nullptr;
    QComboBox *m_profile = nullptr;
    QTableWidget *m_topics = nullptr;
    QLineEdit *m_path = nullptr;
    QLabel *m_messages = nullptr;
    QPushButton *m_ok = nullptr;
    bool m_pathEdited = false; // the user chose a path: the name no longer renames the file
    int m_brokersBeforeCombined = 3;
    QStringList m_errors;
    QStringList m_warnings;
};

} // namespace ensemble::ui
