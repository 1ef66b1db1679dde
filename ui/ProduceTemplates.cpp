#include "ProduceTemplates.h"

#include <QJsonDocument>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const QString kTemplatesGroup = u"produce/templates"_s;
const QString kLastForm = u"produce/last"_s;

// Keys are hex: QSettings would read '/' in a name as a group separator.
QString keyFor(const QString &name)
{
    return kTemplatesGroup + u'/' + QString::fromLatin1(name.toUtf8().toHex());
}
} // namespace

QStringList ProduceTemplates::names()
{
    QSettings settings;
    settings.beginGroup(kTemplatesGroup);
    QStringList names;
    for (const QString &key : settings.childKeys())
        names.append(QJsonDocument::fromJson(settings.value(key).toByteArray()).object().value(u"name"_s).toString());
    names.removeAll(QString());
    names.sort(Qt::CaseInsensitive);
    return names;
}

void ProduceTemplates::save(const QString &name, const ProduceFormInput &input)
{
    QJsonObject json = input.toJson();
    json.insert(u"name"_s, name);
    QSettings().setValue(keyFor(name), QJsonDocument(json).toJson(QJsonDocument::Compact));
}

std::optional<ProduceFormInput> ProduceTemplates::load(const QString &name)
{
    const QByteArray raw = QSettings().value(keyFor(name)).toByteArray();
    if (raw.isEmpty())
        return std::nullopt;
    return ProduceFormInput::fromJson(QJsonDocument::fromJson(raw).object());
}

void ProduceTemplates::remove(const QString &name)
{
    if (!name.isEmpty())
        QSettings().remove(keyFor(name));
}

void ProduceTemplates::rememberLast(const ProduceFormInput &input)
{
    QSettings().setValue(kLastForm, QJsonDocument(input.toJson()).toJson(QJsonDocument::Compact));
}

std::optional<ProduceFormInput> ProduceTemplates::last()
{
    QSettings settings;
    if (!settings.contains(kLastForm))
        return std::nullopt;
    return ProduceFormInput::fromJson(QJsonDocument::fromJson(settings.value(kLastForm).toByteArray()).object());
}

} // namespace ensemble::ui
