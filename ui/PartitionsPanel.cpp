#include "PartitionsPanel.h"

#include "PartitionModel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

PartitionsPanel::PartitionsPanel(PartitionModel *model, QWidget *parent)
    : QWidget(parent), m_proxy(new QSortFilterProxyModel(this)), m_filter(new QLineEdit(this)),
      m_internal(new QCheckBox(u"Internal topics"_s, this)), m_table(new QTableView(this))
{
    m_proxy->setSourceModel(model);
    m_proxy->setFilterKeyColumn(PartitionModel::Topic);
    m_filter->setPlaceholderText(u"Filter topics…"_s);
    m_filter->setClearButtonEnabled(true);
    m_internal->setToolTip(u"Show Kafka's own topics (__consumer_offsets: 50 partitions once a group commits)"_s);
    m_table->setModel(m_proxy);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(PartitionModel::Topic, 150);
    m_table->setColumnWidth(PartitionModel::Partition, 66);
    m_table->setColumnWidth(PartitionModel::Leader, 60);
    m_table->setColumnWidth(PartitionModel::Replicas, 80);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_internal);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &PartitionsPanel::applyFilter);
    connect(m_internal, &QCheckBox::toggled, this, [this](bool shown) {
        applyFilter();
        Q_EMIT internalTopicsShownChanged(shown);
    });
    applyFilter();
}

bool PartitionsPanel::internalTopicsShown() const
{
    return m_internal->isChecked();
}

void PartitionsPanel::setInternalTopicsShown(bool shown)
{
    m_internal->setChecked(shown);
}

void PartitionsPanel::setTopicFilter(const QString &text)
{
    m_filter->setText(text);
}

void PartitionsPanel::applyFilter()
{
    // One expression for both: not starting with "__" (unless shown), and containing the filter's text.
    const QString internal = m_internal->isChecked() ? QString() : u"^(?!__)"_s;
    m_proxy->setFilterRegularExpression(
        QRegularExpression(internal + u".*"_s + QRegularExpression::escape(m_filter->text().trimmed()),
                           QRegularExpression::CaseInsensitiveOption));
}

} // namespace ensemble::ui
