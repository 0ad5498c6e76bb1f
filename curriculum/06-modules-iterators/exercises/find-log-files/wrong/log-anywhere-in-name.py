import os


def find_logs(root):
    found = []
    for folder, dirs, files in os.walk(root):
        for name in files:
            if ".log" in name:
                rel = os.path.relpath(os.path.join(folder, name), root)
                found.append(rel.replace(os.sep, "/"))
    return sorted(found)


def logs_size(root):
    total = 0
    for folder, dirs, files in os.walk(root):
        for name in files:
            if ".log" in name:
                total += os.path.getsize(os.path.join(folder, name))
    return total
