import ArgumentParser
import IskraCore
import TextUI

extension Iskra {
    struct Cache: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the books in the cache, or clear it.",
            discussion: """
            What iskra derives from a book (for now the search index, which `search --count`
            answers from) is kept in $XDG_CACHE_HOME/iskra (default ~/.cache/iskra), one
            file per book, up to ISKRA_CACHE_LIMIT bytes (default 1G; K, M, G suffixes; 0
            keeps nothing), the least recently used going first. A book that changed is
            never served from the cache; deleting the directory is always safe.
            --json prints {"directory", "limit", "bytes", "books":[{"name", "file",
            "bytes", "bookBytes", "lastUsed", "damaged"}]}.
            """)

        @Argument(help: ArgumentHelp("`clear` empties the cache.", valueName: "action"))
        var action: String?

        @Flag(help: "Print the list as JSON.")
        var json = false

        func run() throws {
            guard let cache = commandLineCache() else { throw ExitCode(1) }
            switch action {
            case nil:
                let entries = cache.entries()
                let total = entries.reduce(0) { $0 + $1.bytes }
                if json {
                    print(JSON.object([
                        ("directory", .string(cache.directory)), ("limit", .int(cache.limitBytes)), ("bytes", .int(total)),
                        ("books", .array(entries.map { entry in
                            .object([("name", .string(entry.bookName)), ("file", .string(entry.fileName)),
                                     ("bytes", .int(entry.bytes)), ("bookBytes", .int(entry.bookBytes)),
                                     ("lastUsed", .string(StateTime.iso8601(entry.lastUsed))), ("damaged", .bool(entry.damaged))])
                        })),
                    ]).serialized(indent: 2))
                } else {
                    print("\(cache.directory): \(entries.count) book\(entries.count == 1 ? "" : "s"), "
                          + "\(describeBytes(total)) of \(describeBytes(cache.limitBytes))")
                    for entry in entries {
                        let name = VisibleText.sanitize(entry.bookName) + (entry.damaged ? " (damaged: rebuilt when next used)" : "")
                        print("  " + describeBytes(entry.bytes).padding(to: 9) + StateTime.iso8601(entry.lastUsed) + "  " + name)
                    }
                }
            case "clear":
                let removed = cache.clear()
                print("\(cache.directory): removed \(removed) book\(removed == 1 ? "" : "s")")
            case let other?:
                throw ValidationError("unknown action '\(other)' (the only action is 'clear')")
            }
        }
    }
}

func describeBytes(_ bytes: Int) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GB" }
    if bytes >= 1 << 20 { return "\(bytes >> 20) MB" }
    if bytes >= 1 << 10 { return "\(bytes >> 10) KB" }
    return "\(bytes) B"
}

/// The cache as the environment configures it; problems with the configuration on stderr.
func commandLineCache() -> BookCache? {
    let (cache, problem) = BookCache.fromEnvironment()
    if let problem { printError("iskra: " + problem) }
    return cache
}

/// The files beside a book that change what is derived from it: its people register and its
/// metadata sidecar (`book.txt` -> `book.people`, `book.meta`).
func companionPaths(ofBook path: String) -> [String] {
    let stem = bookStem(path)
    return [stem + ".people", stem + ".meta"]
}

/// A book's path without its extension (`dir/book.txt` -> `dir/book`; `.hidden` stays).
func bookStem(_ path: String) -> String {
    let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
    if let dot = path[nameStart...].lastIndex(of: "."), dot > nameStart { return String(path[..<dot]) }
    return path
}

func fileName(of path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
