#include "NewClusterDialog.h"

#include "ClusterFileCheck.h"
#include "ClusterSpecWriter.h"
#include "RuntimeLocator.h"
#include "RuntimeLock.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const auto kFolderKey = u"files/newClusterFolder"_s;

QSettings windowSettings()
{
    return QSettings(u"ensemble"_s, u"window"_s);
}

// Whether MODE can run VERSION: the validator's rule (ZooKeeper mode ends with 3.x, KRaft needs 3.9 or later).
bool suits(ClusterMode mode, const QString &version)
{
    const int major = version.section(u'.', 0, 0).toInt(), minor = version.section(u'.', 1, 1).toInt();
    return mode == ClusterMode::ZooKeeper ? major < 4 : major > 3 || (major == 3 && minor >= 9);
}

QSpinBox *spin(int min, int max, int value, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setValue(value);
    return box;
}
} // namespace

NewClusterDialog::NewClusterDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(u"New cluster"_s);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    layout->addLayout(form);

    m_name = new QLineEdit(u"dev"_s, this);
    m_name->setObjectName(u"name"_s);
    m_name->setToolTip(u"The cluster's name: its workspace folder and its file's name"_s);
    form->addRow(u"&Name"_s, m_name);

    m_mode = new QComboBox(this);
    m_mode->setObjectName(u"mode"_s);
    m_mode->addItem(u"ZooKeeper — ZooKeeper servers and brokers (Kafka 3.x)"_s, int(ClusterMode::ZooKeeper));
    m_mode->addItem(u"KRaft — controllers and brokers, no ZooKeeper (Kafka 3.9, 4.x)"_s, int(ClusterMode::KRaft));
    form->addRow(u"&Mode"_s, m_mode);

    m_version = new QComboBox(this);
    m_version->setObjectName(u"version"_s);
    m_versionNote = new QLabel(this);
    m_versionNote->setWordWrap(true);
    auto *versionBox = new QVBoxLayout;
    versionBox->addWidget(m_version);
    versionBox->addWidget(m_versionNote);
    form->addRow(u"Kafka version"_s, versionBox);

    m_coordinators = spin(1, 9, 3, this);
    m_coordinators->setObjectName(u"coordinators"_s);
    m_coordinatorsLabel = new QLabel(this);
    m_coordinatorsLabel->setBuddy(m_coordinators);
    form->addRow(m_coordinatorsLabel, m_coordinators);
    m_combined = new QCheckBox(u"Comb&ined: each controller is a broker too (process.roles=broker,controller)"_s, this);
    m_combined->setObjectName(u"combined"_s);
    form->addRow(QString(), m_combined);
    m_brokers = spin(0, 16, 3, this);
    m_brokers->setObjectName(u"brokers"_s);
    form->addRow(u"&Brokers"_s, m_brokers);

    m_profile = new QComboBox(this);
    m_profile->setObjectName(u"profile"_s);
    m_profile->addItem(u"demo — short timeouts: failover in seconds"_s, int(Profile::Demo));
    m_profile->addItem(u"default — Kafka's and ZooKeeper's own timeouts"_s, int(Profile::Default));
    form->addRow(u"&Profile"_s, m_profile);

    auto *topicsBox = new QGroupBox(u"Topics created at start (optional)"_s, this);
    auto *topicsLayout = new QHBoxLayout(topicsBox);
    m_topics = new QTableWidget(0, 3, topicsBox);
    m_topics->setObjectName(u"topics"_s);
    m_topics->setHorizontalHeaderLabels({u"Name"_s, u"Partitions"_s, u"Replicas"_s});
    m_topics->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_topics->verticalHeader()->hide();
    m_topics->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topics->setMinimumHeight(110);
    topicsLayout->addWidget(m_topics, 1);
    auto *topicButtons = new QVBoxLayout;
    auto *add = new QPushButton(u"&Add"_s, topicsBox);
    auto *remove = new QPushButton(u"&Remove"_s, topicsBox);
    add->setObjectName(u"addTopic"_s);
    remove->setObjectName(u"removeTopic"_s);
    topicButtons->addWidget(add);
    topicButtons->addWidget(remove);
    topicButtons->addStretch();
    topicsLayout->addLayout(topicButtons);
    layout->addWidget(topicsBox, 1);

    auto *pathRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setObjectName(u"path"_s);
    auto *browse = new QPushButton(u"Bro&wse…"_s, this);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *pathForm = new QFormLayout;
    pathForm->addRow(u"Save as"_s, pathRow);
    layout->addLayout(pathForm);

    m_messages = new QLabel(this);
    m_messages->setObjectName(u"messages"_s);
    m_messages->setWordWrap(true);
    m_messages->setTextFormat(Qt::RichText);
    m_messages->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_messages);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(u"Create and start"_s);
    layout->addWidget(buttons);

    fillVersions();
    m_path->setText(QDir(defaultFolder()).filePath(m_name->text() + u".yaml"_s));
    onModeChanged();

    connect(buttons, &QDialogButtonBox::accepted, this, &NewClusterDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString &name) {
        if (!m_pathEdited)
            m_path->setText(QFileInfo(m_path->text()).dir().filePath(name.trimmed() + u".yaml"_s));
        revalidate();
    });
    connect(m_path, &QLineEdit::textEdited, this, [this] { m_pathEdited = true; });
    connect(m_path, &QLineEdit::textChanged, this, &NewClusterDialog::revalidate);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, u"Save the new cluster file"_s, m_path->text(),
                                                          u"Cluster files (*.yaml *.yml)"_s);
        if (path.isEmpty())
            return;
        m_pathEdited = true;
        m_path->setText(path);
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, &NewClusterDialog::onModeChanged);
    connect(m_version, &QComboBox::currentIndexChanged, this, &NewClusterDialog::revalidate);
    connect(m_coordinators, &QSpinBox::valueChanged, this, &NewClusterDialog::revalidate);
    connect(m_brokers, &QSpinBox::valueChanged, this, &NewClusterDialog::revalidate);
    connect(m_combined, &QCheckBox::toggled, this, &NewClusterDialog::onCombinedToggled);
    connect(m_profile, &QComboBox::currentIndexChanged, this, &NewClusterDialog::revalidate);
    connect(m_topics, &QTableWidget::itemChanged, this, &NewClusterDialog::revalidate);
    connect(add, &QPushButton::clicked, this, &NewClusterDialog::addTopic);
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_topics->currentRow();
        if (row >= 0)
            m_topics->removeRow(row);
        revalidate();
    });
    resize(640, 620);
}

QString NewClusterDialog::defaultFolder()
{
    const QString remembered = windowSettings().value(kFolderKey).toString();
    if (!remembered.isEmpty() && QFileInfo(remembered).isDir())
        return remembered;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u"/Ensemble"_s;
}

void NewClusterDialog::fillVersions()
{
    QStringList versions = RuntimeLock::knownVersions();
    for (const QString &v : RuntimeLocator::installedVersions())
        if (!versions.contains(v))
            versions.append(v);
    const QStringList installed = RuntimeLocator::installedVersions();
    for (const QString &v : std::as_const(versions)) {
        QString text = v;
        if (installed.contains(v))
            text += u"  (installed)"_s;
        else if (const auto lock = RuntimeLock::forVersion(v))
            text +=
                u"  (not installed: %1 MB download at first start)"_s.arg(double(lock->totalBytes()) / 1e6, 0, 'f', 1);
        m_version->addItem(text, v);
    }
}

void NewClusterDialog::onModeChanged()
{
    const auto mode = ClusterMode(m_mode->currentData().toInt());
    const bool kraft = mode == ClusterMode::KRaft;
    // A version the new mode cannot run gives way to the mode's default (the user may still pick another: the
    // check then says why it does not fit).
    if (!suits(mode, m_version->currentData().toString())) {
        const QString wanted = QString::fromLatin1(kraft ? kDefaultKRaftKafkaVersion : kDefaultZooKeeperKafkaVersion);
        int index = m_version->findData(wanted);
        for (int i = 0; index < 0 && i < m_version->count(); ++i)
            if (suits(mode, m_version->itemData(i).toString()))
                index = i;
        if (index >= 0)
            m_version->setCurrentIndex(index);
    }
    if (!kraft)
        m_combined->setChecked(false);
    m_combined->setEnabled(kraft);
    revalidate();
}

void NewClusterDialog::onCombinedToggled(bool combined)
{
    // Combined nodes are the brokers: the count moves to 0 and back, so the usual choice needs no second edit.
    if (combined) {
        m_brokersBeforeCombined = m_brokers->value() > 0 ? m_brokers->value() : 3;
        m_brokers->setValue(0);
    } else if (m_brokers->value() == 0) {
        m_brokers->setValue(m_brokersBeforeCombined);
    }
    revalidate();
}

void NewClusterDialog::addTopic()
{
    const int row = m_topics->rowCount();
    m_topics->insertRow(row);
    m_topics->setItem(row, 0, new QTableWidgetItem(row == 0 ? u"orders"_s : u"topic-%1"_s.arg(row + 1)));
    const ClusterSpec s = spec();
    const int brokers = s.combined ? s.coordinators : s.brokers;
    auto *partitions = spin(1, 10000, 3, m_topics);
    auto *replicas = spin(1, 16, qBound(1, brokers, 3), m_topics);
    m_topics->setCellWidget(row, 1, partitions);
    m_topics->setCellWidget(row, 2, replicas);
    connect(partitions, &QSpinBox::valueChanged, this, &NewClusterDialog::revalidate);
    connect(replicas, &QSpinBox::valueChanged, this, &NewClusterDialog::revalidate);
    m_topics->setCurrentCell(row, 0);
    revalidate();
}

ClusterSpec NewClusterDialog::spec() const
{
    ClusterSpec s;
    s.name = m_name->text().trimmed();
    s.mode = ClusterMode(m_mode->currentData().toInt());
    s.kafkaVersion = m_version->currentData().toString();
    s.coordinators = m_coordinators->value();
    s.combined = s.mode == ClusterMode::KRaft && m_combined->isChecked();
    s.brokers = m_brokers->value();
    s.profile = Profile(m_profile->currentData().toInt());
    for (int row = 0; row < m_topics->rowCount(); ++row) {
        TopicSpec t;
        t.name = m_topics->item(row, 0) ? m_topics->item(row, 0)->text().trimmed() : QString();
        if (auto *p = qobject_cast<QSpinBox *>(m_topics->cellWidget(row, 1)))
            t.partitions = p->value();
        if (auto *r = qobject_cast<QSpinBox *>(m_topics->cellWidget(row, 2)))
            t.replicationFactor = r->value();
        s.topics.append(t);
    }
    return s;
}

QByteArray NewClusterDialog::yaml() const
{
    return writeClusterSpec(spec(), {u"Made in Ensemble's New cluster dialog."_s}).toUtf8();
}

QString NewClusterDialog::filePath() const
{
    return m_path->text().trimmed();
}

void NewClusterDialog::setFilePath(const QString &path)
{
    m_pathEdited = true;
    m_path->setText(path);
}

void NewClusterDialog::revalidate()
{
    const ClusterSpec s = spec();
    const bool kraft = s.mode == ClusterMode::KRaft;
    m_coordinatorsLabel->setText(kraft ? (s.combined ? u"Combined no&des"_s : u"KRaft &controllers"_s)
                                       : u"&ZooKeeper servers"_s);
    const QString version = s.effectiveKafkaVersion();
    m_versionNote->setText(RuntimeLocator::installedVersions().contains(version)
                               ? QString()
                               : u"Kafka %1 is not installed: Start offers to download it (its jars, checked against "
                                 "the checksums this build ships)."_s.arg(version));
    m_versionNote->setVisible(!m_versionNote->text().isEmpty());

    const ClusterFileCheck check = ClusterFileCheck::ofText(yaml());
    m_errors = check.errors;
    m_warnings = check.warnings;
    const QString path = filePath();
    if (path.isEmpty())
        m_errors.append(u"no file to save to — choose where the cluster file goes (Browse…)"_s);
    else if (QFileInfo(path).isDir())
        m_errors.append(u"%1 is a folder — name the cluster file to write"_s.arg(path));
    else if (QFileInfo::exists(path))
        m_warnings.append(u"%1 exists — it will be replaced"_s.arg(path));

    QString html;
    for (const QString &e : std::as_const(m_errors))
        html += u"<p style='color:#c62828; margin:2px'>✖ %1</p>"_s.arg(e.toHtmlEscaped());
    for (const QString &w : std::as_const(m_warnings))
        html += u"<p style='color:#a66300; margin:2px'>⚠ %1</p>"_s.arg(w.toHtmlEscaped());
    m_messages->setText(html);
    m_messages->setVisible(!html.isEmpty());
    m_ok->setEnabled(m_errors.isEmpty());
    m_ok->setToolTip(m_errors.isEmpty() ? u"Write the cluster file, open it and start the cluster"_s
                                        : u"Fix the errors above first"_s);
}

void NewClusterDialog::accept()
{
    revalidate();
    if (!m_errors.isEmpty())
        return;
    const QString path = QFileInfo(filePath()).absoluteFilePath();
    if (QFileInfo::exists(path) &&
        QMessageBox::question(this, u"Replace the file?"_s, u"%1 exists. Replace it?"_s.arg(path)) != QMessageBox::Yes)
        return;
    const QString folder = QFileInfo(path).absolutePath();
    QSaveFile out(path);
    const QByteArray text = yaml();
    if (!QDir().mkpath(folder) || !out.open(QIODevice::WriteOnly) || out.write(text) != text.size() || !out.commit()) {
        m_errors = {u"cannot write %1 (%2) — choose another place (Browse…)"_s.arg(path, out.errorString())};
        m_messages->setText(u"<p style='color:#c62828'>✖ %1</p>"_s.arg(m_errors.constFirst().toHtmlEscaped()));
        m_messages->show();
        return;
    }
    windowSettings().setValue(kFolderKey, folder);
    QDialog::accept();
}

} // namespace ensemble::ui
