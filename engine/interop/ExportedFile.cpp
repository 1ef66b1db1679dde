#include "ExportedFile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace ensemble {

Status writeExportedFiles(const QString &dir, const QList<ExportedFile> &files, bool overwrite)
{
    const QDir root(dir);
    if (!overwrite)
        for (const ExportedFile &f : files)
            if (QFileInfo::exists(root.filePath(f.path)))
                return Error::badInput(u"%1 already exists — choose an empty directory or add --force"_s.arg(
                    QDir::toNativeSeparators(root.filePath(f.path))));
    for (const ExportedFile &f : files) {
        const QString path = root.filePath(f.path);
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            return Error::runtime(u"cannot create the directory %1"_s.arg(QFileInfo(path).absolutePath()));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(f.content.toUtf8()) < 0 || !file.commit())
            return Error::runtime(u"cannot write %1: %2"_s.arg(path, file.errorString()));
        if (f.executable)
            QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther);
    }
    return ok();
}

} // namespace ensemble
