#include "ProduceTemplates.h"

#include <QCoreApplication>
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

// Before the window named its organisation, QSettings() wrote to ~/.config/Unknown Organization/APP.conf: the
// templates and last form found there are taken over once (never overwriting newer ones).
void adoptUnnamedOrganisationSettings()
{
    static bool done = false;
    if (std::exchange(done, true) || QCoreApplication::organizationName().isEmpty())
        return;
    QSettings current;
    if (current.value(u"produce/adopted"_s).toBool())
        return;
    current.setValue(u"produce/adopted"_s, true);
    QSettings old(u"Unknown Organization"_s, QCoreApplication::applicationName());
    old.beginGroup(u"produce"_s);
    for (const QString &key : old.allKeys())
        if (!current.contains(u"produce/"_s + key))
            current.setValue(u"produce/"_s + key, old.value(key));
}
} // namespace

QStringList ProduceTemplates::names()
{
    adoptUnnamedOrganisationSettings();
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
    adoptUnnamedOrganisationSettings();
    QSettings settings;
    if (!settings.contains(kLastForm))
        return std::nullopt;
    return ProduceFormInput::fromJson(QJsonDocument::fromJson(settings.value(kLastForm).toByteArray()).object());
}

} // namespace ensemble::ui
