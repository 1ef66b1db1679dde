#include "ComposeFile.h"
#include "InputSizeLimit.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace ensemble {

const ComposeEnvVar *ComposeService::env(const QString &name) const
{
    for (const ComposeEnvVar &v : environment)
        if (v.name == name)
            return &v;
    return nullptr;
}

QString ComposeService::envValue(const QString &name) const
{
    const ComposeEnvVar *v = env(name);
    return v ? v->value : QString();
}

QStringList ComposeService::dnsNames() const
{
    QStringList names{name};
    if (!containerName.isEmpty())
        names.append(containerName);
    names.append(aliases);
    return names;
}

const ComposeService *ComposeFile::service(const QString &name) const
{
    for (const ComposeService &s : services)
        if (s.name == name)
            return &s;
    return nullptr;
}

const ComposeService *ComposeFile::serviceByDnsName(const QString &name) const
{
    for (const ComposeService &s : services)
        if (s.dnsNames().contains(name))
            return &s;
    return nullptr;
}

const ComposeService *ComposeFile::serviceByHostname(const QString &name) const
{
    for (const ComposeService &s : services)
        if (!s.hostname.isEmpty() && s.hostname == name)
            return &s;
    return nullptr;
}

QString interpolateComposeValue(const QString &value)
{
    if (!value.contains(u'$'))
        return value;
    static const QRegularExpression braced(u"\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?([^}]*)\\}"_s);
    QString out;
    qsizetype i = 0;
    while (i < value.size()) {
        if (value.mid(i, 2) == u"$$") {
            out += u'$';
            i += 2;
            continue;
        }
        const QRegularExpressionMatch m =
            braced.match(value, i, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (value[i] == u'$' && m.hasMatch()) {
            // We do not know the user's environment: a default is the best guess, else keep the reference.
            out += m.captured(2).endsWith(u'-') ? m.captured(3) : m.captured(0);
            i += m.capturedLength(0);
            continue;
        }
        out += value[i];
        ++i;
    }
    return out;
}

namespace {

SourceMark markOf(const YAML::Node &node)
{
    const YAML::Mark m = node.Mark();
    return m.line >= 0 ? SourceMark{m.line + 1, m.column + 1} : SourceMark{};
}

// NODE[KEY], or a null node when NODE is no mapping or has no KEY (yaml-cpp throws on a missing key's type).
YAML::Node child(const YAML::Node &node, const char *key)
{
    if (!node.IsDefined() || !node.IsMap())
        return YAML::Node();
    const YAML::Node value = node[key];
    return value.IsDefined() ? value : YAML::Node();
}

QString scalar(const YAML::Node &node)
{
    return node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
}

// "9092", "9092:9092", "127.0.0.1:9092:9092", "127.0.0.1::9092", "9092-9094:9092-9094", "[::1]:9092:9092/tcp"
QList<ComposePort> parseShortPort(const QString &raw, SourceMark mark, bool *ok)
{
    *ok = true;
    QString text = interpolateComposeValue(raw).trimmed();
    ComposePort base;
    base.raw = raw;
    base.mark = mark;
    const qsizetype slash = text.lastIndexOf(u'/');
    if (slash > 0) {
        base.protocol = text.mid(slash + 1);
        text.truncate(slash);
    }
    if (text.startsWith(u'[')) { // IPv6 host address
        const qsizetype close = text.indexOf(u"]:"_s);
        if (close < 0) {
            *ok = false;
            return {};
        }
        base.hostIp = text.mid(1, close - 1);
        text = text.mid(close + 2);
    }
    QStringList parts = text.split(u':');
    if (parts.size() == 3 && base.hostIp.isEmpty())
        base.hostIp = parts.takeFirst();
    if (parts.size() > 2 || parts.isEmpty()) {
        *ok = false;
        return {};
    }
    const QString targetText = parts.last();
    const QString publishedText = parts.size() == 2 ? parts.first() : QString();
    auto range = [](const QString &t, int *from, int *to) {
        const QStringList ends = t.split(u'-');
        bool a = false, b = true;
        *from = ends.first().toInt(&a);
        *to = ends.size() == 2 ? ends.last().toInt(&b) : *from;
        return a && b && ends.size() <= 2 && *from > 0 && *to >= *from && *to <= 65535;
    };
    int tFrom = 0, tTo = 0, pFrom = 0, pTo = 0;
    if (!range(targetText, &tFrom, &tTo)) {
        *ok = false;
        return {};
    }
    if (!publishedText.isEmpty() && !range(publishedText, &pFrom, &pTo)) {
        *ok = false;
        return {};
    }
    QList<ComposePort> out;
    for (int t = tFrom; t <= tTo; ++t) {
        ComposePort p = base;
        p.target = t;
        if (pFrom > 0 && pTo - pFrom == tTo - tFrom)
            p.published = pFrom + (t - tFrom);
        else if (pFrom > 0 && pFrom == pTo)
            p.published = pFrom;
        out.append(p);
    }
    return out;
}

class ComposeReader
{
  public:
    ComposeReader(ComposeFile &file, QList<Diagnostic> &diagnostics) : m_file(file), m_diag(diagnostics) {}

    void read(const YAML::Node &root)
    {
        if (!root.IsMap()) {
            error(root, u"a docker-compose file must be a mapping with a `services:` key"_s);
            return;
        }
        const YAML::Node services = child(root, "services");
        if (!services.IsMap()) {
            error(services.IsNull() ? root : services, u"`services:` must be a mapping of service names"_s);
            return;
        }
        if (child(root, "version").IsScalar()) {
            m_file.version = scalar(child(root, "version"));
            m_file.versionMark = markOf(child(root, "version"));
            for (auto it = root.begin(); it != root.end(); ++it)
                if (it->first.Scalar() == "version")
                    m_file.versionMark = markOf(it->first);
        }
        if (child(root, "name").IsScalar())
            m_file.projectName = scalar(child(root, "name"));
        readExtension(child(root, "x-ensemble"), QString());
        for (auto it = services.begin(); it != services.end(); ++it)
            readService(it->first, it->second);
        const YAML::Node networks = child(root, "networks");
        if (networks.IsMap())
            for (auto it = networks.begin(); it != networks.end(); ++it) {
                ComposeNetwork n;
                n.name = scalar(it->first);
                n.mark = markOf(it->first);
                const YAML::Node external = it->second.IsMap() ? child(it->second, "external") : YAML::Node();
                if (external.IsDefined() && !external.IsNull()) {
                    n.external = external.IsMap() || scalar(external) == u"true";
                    n.externalMark = markOf(external);
                    for (auto e = it->second.begin(); e != it->second.end(); ++e)
                        if (e->first.Scalar() == "external")
                            n.externalMark = markOf(e->first);
                }
                m_file.networks.append(n);
            }
    }

  private:
    void error(const YAML::Node &node, const QString &message, const QString &hint = {})
    {
        const SourceMark m = markOf(node);
        m_diag.append(Diagnostic{Severity::Error, m.line, m.column, message, hint});
    }

    static QString joined(const YAML::Node &node)
    {
        if (node.IsScalar())
            return scalar(node);
        QStringList parts;
        if (node.IsSequence())
            for (const YAML::Node &n : node)
                parts.append(scalar(n));
        return parts.join(u' ');
    }

    void readExtension(const YAML::Node &node, const QString &prefix)
    {
        if (!node.IsMap())
            return;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = prefix + scalar(it->first);
            if (it->second.IsMap())
                readExtension(it->second, key + u'.');
            else if (it->second.IsScalar())
                m_file.extension.insert(key, scalar(it->second));
        }
    }

    void readService(const YAML::Node &key, const YAML::Node &node)
    {
        ComposeService s;
        s.name = scalar(key);
        s.mark = markOf(key);
        if (!node.IsMap()) {
            if (!node.IsNull())
                error(node, u"service '%1' must be a mapping"_s.arg(s.name));
            m_file.services.append(s);
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string k = it->first.Scalar();
            const YAML::Node v = it->second;
            if (k == "image") {
                s.image = interpolateComposeValue(scalar(v));
                s.imageMark = markOf(v);
            } else if (k == "hostname") {
                s.hostname = scalar(v);
                s.hostnameMark = markOf(v);
            } else if (k == "container_name") {
                s.containerName = scalar(v);
            } else if (k == "environment") {
                s.environmentMark = markOf(it->first);
                readEnvironment(s, v);
            } else if (k == "ports") {
                readPorts(s, v);
            } else if (k == "depends_on") {
                s.dependsOnMark = markOf(it->first);
                readDependsOn(s, v);
            } else if (k == "healthcheck") {
                s.hasHealthcheck = v.IsMap() && scalar(child(v, "disable")) != u"true" &&
                                   !(child(v, "test").IsSequence() && child(v, "test").size() > 0 &&
                                     scalar(child(v, "test")[0]) == u"NONE") &&
                                   !child(v, "test").IsNull();
            } else if (k == "volumes") {
                readVolumes(s, v);
            } else if (k == "networks") {
                readNetworks(s, v);
            } else if (k == "command" || k == "entrypoint") {
                const QString text = joined(v);
                if (s.command.isEmpty())
                    s.commandMark = markOf(v);
                s.command = s.command.isEmpty() ? text : s.command + u' ' + text;
            } else if (k == "restart") {
                s.restart = scalar(v);
            } else if (k == "build") {
                s.built = true;
            }
        }
        m_file.services.append(s);
    }

    void readEnvironment(ComposeService &s, const YAML::Node &node)
    {
        if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                ComposeEnvVar v;
                v.name = scalar(it->first);
                v.mark = markOf(it->first);
                v.valueMark = markOf(it->second);
                if (it->second.IsNull() || !it->second.IsDefined()) {
                    v.hasValue = false;
                    v.valueMark = v.mark;
                } else if (it->second.IsScalar()) {
                    v.value = interpolateComposeValue(scalar(it->second));
                } else {
                    error(it->second, u"environment variable %1 must have a single value"_s.arg(v.name));
                    continue;
                }
                s.environment.append(v);
            }
        } else if (node.IsSequence()) {
            for (const YAML::Node &item : node) {
                if (!item.IsScalar()) {
                    error(item, u"each `environment` list item must be KEY=VALUE"_s);
                    continue;
                }
                const QString text = scalar(item);
                ComposeEnvVar v;
                const qsizetype eq = text.indexOf(u'=');
                v.name = (eq < 0 ? text : text.left(eq)).trimmed();
                v.hasValue = eq >= 0;
                v.value = eq < 0 ? QString() : interpolateComposeValue(text.mid(eq + 1));
                v.mark = v.valueMark = markOf(item);
                if (eq >= 0) // point at the value: after "KEY="
                    v.valueMark.column += int(eq) + 1;
                s.environment.append(v);
            }
        } else if (!node.IsNull()) {
            error(node, u"`environment` must be a mapping or a list of KEY=VALUE"_s);
        }
    }

    void readPorts(ComposeService &s, const YAML::Node &node)
    {
        if (!node.IsSequence()) {
            if (!node.IsNull())
                error(node, u"`ports` must be a list"_s);
            return;
        }
        for (const YAML::Node &item : node) {
            if (item.IsScalar()) {
                bool ok = false;
                const QList<ComposePort> ports = parseShortPort(scalar(item), markOf(item), &ok);
                if (!ok)
                    error(item, u"cannot read the port mapping '%1'"_s.arg(scalar(item)),
                          u"write HOST_PORT:CONTAINER_PORT, optionally after a host address: 127.0.0.1:9092:9092"_s);
                s.ports.append(ports);
            } else if (item.IsMap()) {
                ComposePort p;
                p.mark = markOf(item);
                p.target = scalar(child(item, "target")).toInt();
                const QString published = interpolateComposeValue(scalar(child(item, "published")));
                p.published = published.section(u'-', 0, 0).toInt();
                p.hostIp = scalar(child(item, "host_ip"));
                if (child(item, "protocol").IsScalar())
                    p.protocol = scalar(child(item, "protocol"));
                p.raw = u"%1%2:%3"_s.arg(p.hostIp.isEmpty() ? QString() : p.hostIp + u':', published).arg(p.target);
                if (p.target <= 0)
                    error(item, u"a port mapping needs a `target` port"_s);
                else
                    s.ports.append(p);
            }
        }
    }

    void readDependsOn(ComposeService &s, const YAML::Node &node)
    {
        if (node.IsSequence()) {
            s.dependsOnListForm = true;
            for (const YAML::Node &item : node)
                s.dependsOn.append(ComposeDependency{scalar(item), QString(), markOf(item)});
        } else if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                QString condition = u"service_started"_s;
                if (it->second.IsMap() && child(it->second, "condition").IsScalar())
                    condition = scalar(child(it->second, "condition"));
                s.dependsOn.append(ComposeDependency{scalar(it->first), condition, markOf(it->first)});
            }
        }
    }

    void readVolumes(ComposeService &s, const YAML::Node &node)
    {
        if (!node.IsSequence())
            return;
        for (const YAML::Node &item : node) {
            ComposeVolume v;
            v.mark = markOf(item);
            if (item.IsScalar()) {
                const QStringList parts = scalar(item).split(u':');
                if (parts.size() == 1) {
                    v.target = parts.first();
                } else {
                    v.source = parts.at(0);
                    v.target = parts.at(1);
                }
            } else if (item.IsMap()) {
                v.source = scalar(child(item, "source"));
                v.target = scalar(child(item, "target"));
            }
            s.volumes.append(v);
        }
    }

    void readNetworks(ComposeService &s, const YAML::Node &node)
    {
        if (node.IsSequence()) {
            for (const YAML::Node &item : node)
                s.networks.append(scalar(item));
        } else if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                s.networks.append(scalar(it->first));
                if (it->second.IsMap() && child(it->second, "aliases").IsSequence())
                    for (const YAML::Node &a : child(it->second, "aliases"))
                        s.aliases.append(scalar(a));
            }
        }
    }

    ComposeFile &m_file;
    QList<Diagnostic> &m_diag;
};

} // namespace

ComposeParseResult parseComposeFile(const QByteArray &yaml)
{
    ComposeParseResult result;
    if (auto tooLarge = oversizedFile(yaml.size(), u"compose file"_s)) {
        result.diagnostics.append(*tooLarge);
        return result;
    }
    ComposeFile file;
    file.lines = QString::fromUtf8(yaml).split(u'\n');
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        ComposeReader(file, result.diagnostics).read(root);
    } catch (const YAML::Exception &e) {
        result.diagnostics.append(Diagnostic{
            Severity::Error, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.line >= 0 ? e.mark.column + 1 : 0,
            u"not valid YAML: "_s + QString::fromStdString(e.msg), u"fix the syntax at this place"_s});
        return result;
    }
    if (!hasErrors(result.diagnostics))
        result.file = file;
    return result;
}

bool looksLikeComposeFile(const QByteArray &yaml)
{
    if (yaml.size() > kMaxInputFileBytes) { // too large to load: its first whole lines tell
        const QByteArray head = yaml.left(64 * 1024);
        return looksLikeComposeFile(head.left(head.lastIndexOf('\n') + 1));
    }
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        return root.IsMap() && !child(root, "services").IsNull();
    } catch (const YAML::Exception &) {
        // A broken file: look at the text, so a broken compose file still gets compose-file messages.
        static const QRegularExpression servicesKey(u"(^|\\n)services:\\s*(#.*)?(\\n|$)"_s);
        return servicesKey.match(QString::fromUtf8(yaml)).hasMatch();
    }
}

} // namespace ensemble
