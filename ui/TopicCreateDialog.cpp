#include "TopicCreateDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

TopicCreateDialog::TopicCreateDialog(int brokers, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(u"Create topic"_s);
    m_name = new QLineEdit;
    m_partitions = new QSpinBox;
    m_partitions->setRange(1, 1000);
    m_partitions->setValue(3);
    m_replication = new QSpinBox;
    m_replication->setRange(1, std::max(1, brokers));
    m_replication->setValue(std::clamp(brokers, 1, 3));
    m_configs = new QTableWidget(0, 2);
    m_configs->setHorizontalHeaderLabels({u"Config"_s, u"Value"_s});
    m_configs->horizontalHeader()->setStretchLastSection(true);
    m_configs->verticalHeader()->hide();
    // The configs people reach for first; an empty value is left out.
    for (const auto &[key, value] :
         {std::pair{u"min.insync.replicas"_s, brokers >= 3 ? u"2"_s : QString()},
          std::pair{u"retention.ms"_s, QString()}, std::pair{u"cleanup.policy"_s, QString()}}) {
        const int row = m_configs->rowCount();
        m_configs->insertRow(row);
        m_configs->setItem(row, 0, new QTableWidgetItem(key));
        m_configs->setItem(row, 1, new QTableWidgetItem(value));
    }
    auto *addConfig = new QPushButton(u"Add config"_s);
    addConfig->setToolTip(u"Another topic config, e.g. max.message.bytes or compression.type"_s);
    connect(addConfig, &QPushButton::clicked, this, [this] {
        const int row = m_configs->rowCount();
        m_configs->insertRow(row);
        m_configs->setItem(row, 0, new QTableWidgetItem);
        m_configs->setItem(row, 1, new QTableWidgetItem);
        m_configs->setCurrentCell(row, 0);
        m_configs->editItem(m_configs->item(row, 0));
    });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(u"Create"_s);
    buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    auto *form = new QFormLayout(this);
    form->addRow(u"Name"_s, m_name);
    form->addRow(u"Partitions"_s, m_partitions);
    form->addRow(u"Replication factor"_s, m_replication);
    form->addRow(u"Configs"_s, m_configs);
    form->addRow(QString(), addConfig);
    form->addRow(buttons);
    connect(m_name, &QLineEdit::textChanged, this, [buttons](const QString &text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

TopicSpec TopicCreateDialog::topic() const
{
    TopicSpec t;
    t.name = m_name->text().trimmed();
    t.partitions = m_partitions->value();
    t.replicationFactor = m_replication->value();
    for (int row = 0; row < m_configs->rowCount(); ++row) {
        const QString key = m_configs->item(row, 0) ? m_configs->item(row, 0)->text().trimmed() : QString();
        const QString value = m_configs->item(row, 1) ? m_configs->item(row, 1)->text().trimmed() : QString();
        if (!key.isEmpty() && !value.isEmpty())
            t.configs.insert(key, value);
    }
    return t;
}

} // namespace ensemble::ui
