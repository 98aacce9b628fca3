#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes one book's state file under the state directory.
///
/// - Writes are atomic: a temporary file in the same directory is written, fsynced, renamed
///   over the state file, and the directory is fsynced.
/// - Saves merge: under an exclusive `flock` on `NAME.lock`, the file is read again and this
///   session's operations (bookmarks added or deleted, searches made, the position) are applied
///   to what is on disk, so two explorers open at once keep each other's bookmarks.
/// - A damaged file is moved aside as `NAME.corrupt-YYYYmmdd-HHMMSS` and reported once; it is
///   never overwritten in place.
/// - When the directory cannot be used, everything keeps working in memory and a notice says,
///   once, that state will not be saved.
///
/// Not thread-safe: one store per explorer. Library code: it never prints; problems are
/// queued as notices for the caller to show (`takeNotices()`).
public final class StateStore {
    public let identity: BookIdentity
    /// The state directory, or nil when none could be determined.
    public let directory: String?
    /// False once the store knows it cannot save (no directory, unusable file); saving is not
    /// attempted again, so the problem is reported once.
    public private(set) var canSave: Bool
    /// What the file held when last read or written, with this session's operations applied.
    public private(set) var state = BookState()
    public let maxSearches: Int

    private let readOnly: Bool
    private let session: String
    private let clock: () -> Int64
    private var counter = 0
    private var notices: [String] = []

    // This session's operations, applied to the file on the next save.
    private var added: [Bookmark] = []
    private var deleted: Set<String> = []
    private var searched: [String] = []
    private var newPosition: StoredPlace?
    /// Notes added or edited (the latest version of each, by id) and deleted.
    private var changedNotes: [Note] = []
    private var deletedNotes: Set<String> = []
    /// Notes from an earlier version of the book, written only into a state file that does not
    /// exist yet: once another explorer has made it, it has them (and its deletions stand).
    private var carriedNotes: [Note] = []
    /// Another program held the lock when we last tried: this session's changes wait in
    /// memory and go out with the next save that gets it.
    public private(set) var waitingForLock = false

    /// How long a save waits for another program's lock before giving up for now (the
    /// explorer must never freeze on it; it tries again later).
    public static let lockPatience = 150

    /// Whether this session has changes the file does not have yet.
    public var hasUnsavedChanges: Bool {
        !added.isEmpty || !deleted.isEmpty || !searched.isEmpty || newPosition != nil
            || !changedNotes.isEmpty || !deletedNotes.isEmpty || !carriedNotes.isEmpty
    }

    /// `$XDG_STATE_HOME/iskra`, or `~/.local/state/iskra`. A relative XDG_STATE_HOME is
    /// ignored, as the XDG spec asks.
    public static func defaultDirectory(environment: (String) -> String? = StateStore.environment) -> String? {
        if let xdg = environment("XDG_STATE_HOME"), xdg.hasPrefix("/") { return trimSlash(xdg) + "/iskra" }
        if let home = environment("HOME"), home.hasPrefix("/") { return trimSlash(home) + "/.local/state/iskra" }
        return nil
    }

    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Opens the state of `identity` in `directory`, creating the directory when needed (not
    /// when `readOnly`), and reads the file. `readOnly` never changes anything on disk (for
    /// `iskra bookmarks`). `clock` gives seconds since the epoch.
    public init(identity: BookIdentity, directory: String?, readOnly: Bool = false, maxSearches: Int = 50,
                session: String? = nil, clock: @escaping () -> Int64 = StateTime.now) {
        self.identity = identity
        self.directory = directory
        self.readOnly = readOnly
        self.maxSearches = max(1, maxSearches)
        self.clock = clock
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        self.session = session ?? (String(getpid(), radix: 36) + "." + String(Int(now.tv_nsec) % 1_679_616, radix: 36))
        self.canSave = !readOnly
        guard let directory else {
            report("State will not be saved: no state directory (set XDG_STATE_HOME or HOME)")
            return
        }
        if !readOnly, let problem = Self.makeDirectory(directory) {
            report("State will not be saved: cannot create \(directory) (\(problem))")
            return
        }
        if let problem = Self.ownershipProblem(directory) {
            report("State will not be saved: \(directory) \(problem)")
            return
        }
        load()
    }

    public var path: String? { directory.map { $0 + "/" + identity.fileName } }
    var lockPath: String? { directory.map { $0 + "/" + identity.fileName + ".lock" } }

    /// Problems to show the user, each once; the queue is emptied.
    public func takeNotices() -> [String] {
        defer { notices.removeAll() }
        return notices
    }

    private func report(_ message: String) {
        if !readOnly { canSave = false }
        notices.append(message)
    }

    // MARK: Reading

    public var position: StoredPlace? { state.position }

    /// Bookmarks in book order (ties by creation).
    public var bookmarks: [Bookmark] {
        state.bookmarks.enumerated().sorted { a, b in
            if a.element.place != b.element.place { return StoredPlace.precedes(a.element.place, b.element.place) }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Notes in the order they were made.
    public var notes: [Note] { state.notes }

    /// Recent searches, most recent first.
    public var searchHistory: [String] { state.searches.reversed() }

    enum FileContents {
        case missing
        case state(BookState)
        case damaged(String)
        case newer(Int)
        case unreadable(String)
    }

    func readFile() -> FileContents {
        guard let path else { return .missing }
        // A link in place of the state file is not followed (ELOOP): it is damaged, set aside.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0 {
            return errno == ENOENT ? .missing : .unreadable(BookFile.reason(errno))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .unreadable(BookFile.reason(errno)) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return .unreadable("not a regular file") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(BookFile.reason(errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > 16 << 20 { return .damaged("too large") }
        }
        let json: JSON
        do { json = try JSON.parse(bytes: bytes) } catch { return .damaged(error.description) }
        do {
            return .state(try BookState.decode(json, book: identity))
        } catch {
            switch error {
            case .damaged(let reason): return .damaged(reason)
            case .newerVersion(let version): return .newer(version)
            }
        }
    }

    /// Reads the file at start. A damaged one is moved aside (under the lock, after checking
    /// again that another explorer has not just replaced it).
    private func load() {
        switch readFile() {
        case .missing:
            carryNotesFromEarlierVersion()
        case .state(let loaded):
            state = loaded
            reportSetAside()
        case .newer(let version):
            report("State file \(identity.fileName) is from a newer iskra (version \(version)); state will not be saved")
        case .damaged, .unreadable:
            if readOnly {
                report("State file \(identity.fileName) cannot be read")
                return
            }
            _ = withLock { () -> Void in
                switch readFile() {
                case .state(let loaded):
                    state = loaded
                    reportSetAside()
                case .missing: break
                case .newer(let version):
                    report("State file \(identity.fileName) is from a newer iskra (version \(version)); state will not be saved")
                case .damaged, .unreadable: moveAside()
                }
            }
        }
    }

    /// Bookmarks and notes that could not be read stay in the file, under `setAside`; say so once.
    private func reportSetAside() {
        guard !state.setAside.isEmpty else { return }
        let notes = state.setAside.count { $0["quote"] != nil }, bookmarks = state.setAside.count - notes
        let what = [bookmarks > 0 ? "\(bookmarks) bookmark\(bookmarks == 1 ? "" : "s")" : nil,
                    notes > 0 ? "\(notes) note\(notes == 1 ? "" : "s")" : nil].compactMap { $0 }.joined(separator: " and ")
        notices.append("\(what) could not be read: kept aside in the state file")
    }

    /// A book with no state file yet may be an edited version of one that has notes: its state
    /// file has the same name and another hash. The notes of the latest such file come along
    /// (they are anchored by their quotes, so each re-attaches or is shown as an orphan); its
    /// bookmarks and position do not, as they name places that may have moved. The earlier
    /// file is left as it is.
    private func carryNotesFromEarlierVersion() {
        guard let directory, let earlier = Self.earlierVersion(of: identity, in: directory) else { return }
        let notes = earlier.state.notes
        guard !notes.isEmpty else { return }
        state.notes = notes
        if !readOnly { carriedNotes = notes }
        notices.append("\(notes.count) note\(notes.count == 1 ? "" : "s") carried over from an earlier version of this "
                       + "book (\(earlier.file))")
    }

    /// The most recently changed readable state file of another book with the same name.
    static func earlierVersion(of identity: BookIdentity, in directory: String) -> (file: String, state: BookState)? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        let prefix = identity.name + "-"
        var best: (file: String, time: Int, hash: String)?
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            guard name.hasPrefix(prefix), name.hasSuffix(".json"), name != identity.fileName else { continue }
            let hash = String(name.dropFirst(prefix.count).dropLast(5))
            guard hash.count == 16, hash.allSatisfy(\.isHexDigit) else { continue }
            var status = stat()
            guard lstat(directory + "/" + name, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            let time = Int(status.st_mtim.tv_sec)
            if best == nil || time > best!.time || (time == best!.time && name > best!.file) { best = (name, time, hash) }
        }
        guard let best else { return nil }
        let other = StateStore(identity: BookIdentity(hash: best.hash, name: identity.name), directory: directory, readOnly: true)
        guard case .state(let state) = other.readFile() else { return nil }
        return (best.file, state)
    }

    /// Renames the damaged file out of the way and says so; when that fails, stops saving.
    private func moveAside() {
        guard let path else { return }
        let stamp = StateTime.compact(clock())
        var target = path + ".corrupt-" + stamp
        var attempt = 2
        while access(target, F_OK) == 0 {
            target = path + ".corrupt-" + stamp + "-\(attempt)"
            attempt += 1
        }
        if rename(path, target) == 0 {
            // Short enough for the status bar: the file sits beside the state file it was.
            notices.append("Damaged state file moved aside (\(target.dropFirst(path.count)))")
        } else {
            report("State file \(identity.fileName) is damaged and cannot be moved aside "
                   + "(\(BookFile.reason(errno))); state will not be saved")
        }
    }

    // MARK: Changing

    /// Adds a bookmark and saves. Returns it (with its new id).
    @discardableResult
    public func addBookmark(at place: StoredPlace, label: String, created: Int64? = nil) -> Bookmark {
        counter += 1
        let time = created ?? clock()
        let bookmark = Bookmark(id: "\(String(time, radix: 36))-\(session)-\(counter)", place: place,
                                label: label, created: time)
        added.append(bookmark)
        state.bookmarks.append(bookmark)
        save()
        return bookmark
    }

    public func deleteBookmark(id: String) {
        deleted.insert(id)
        added.removeAll { $0.id == id }
        state.bookmarks.removeAll { $0.id == id }
        save()
    }

    /// Remembers a search (the latest N, without repeats) and saves.
    public func recordSearch(_ query: String) {
        let trimmed = String(query.trimmingSpaces)
        guard !trimmed.isEmpty else { return }
        searched.append(trimmed)
        state.searches = Self.mergeSearches(state.searches, [trimmed], limit: maxSearches)
        save()
    }

    /// Adds a note (an empty `text` makes a highlight) and saves. Returns it with its new id.
    @discardableResult
    public func addNote(_ anchor: TextAnchor, text: String, created: Int64? = nil) -> Note {
        counter += 1
        let time = created ?? clock()
        let note = Note(id: "n\(String(time, radix: 36))-\(session)-\(counter)", anchor: anchor, text: text, created: time)
        changedNotes.append(note)
        state.notes.append(note)
        save()
        return note
    }

    /// Puts a note back as it was (after a deletion was undone), or replaces its text.
    public func putNote(_ note: Note) {
        deletedNotes.remove(note.id)
        changedNotes.removeAll { $0.id == note.id }
        changedNotes.append(note)
        if let index = state.notes.firstIndex(where: { $0.id == note.id }) {
            state.notes[index] = note
        } else {
            state.notes.append(note)
        }
        save()
    }

    /// `note` as the caller has it: another explorer may have deleted it from the file since,
    /// and the words typed come back with it rather than being lost.
    public func editNote(_ note: Note, text: String) {
        var note = state.notes.first(where: { $0.id == note.id }) ?? note
        note.text = text
        note.modified = max(note.created, clock())
        putNote(note)
    }

    public func deleteNote(id: String) {
        deletedNotes.insert(id)
        changedNotes.removeAll { $0.id == id }
        state.notes.removeAll { $0.id == id }
        save()
    }

    public func savePosition(_ place: StoredPlace) {
        setPosition(place)
        save()
    }

    /// Records where the reader is, for the next save.
    public func setPosition(_ place: StoredPlace) {
        newPosition = place
        state.position = place
    }

    static func mergeSearches(_ base: [String], _ new: [String], limit: Int) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        // Latest occurrence wins: walk from the newest end.
        for query in (base + new).reversed() where seen.insert(query).inserted {
            result.append(query)
            if result.count == limit { break }
        }
        return result.reversed()
    }

    /// Applies this session's operations to the file as it is now, under the lock. Returns
    /// whether the file was written.
    /// Waits at most `patience` milliseconds for another program's lock; if it stays held,
    /// the changes stay pending, a notice says so once, and the next save tries again.
    @discardableResult
    public func save(patience: Int = StateStore.lockPatience) -> Bool {
        guard canSave, !readOnly else { return false }
        let written: Bool? = withLock(patience: patience) { () -> Bool in
            var disk = BookState()
            switch readFile() {
            case .missing: disk.notes = carriedNotes.filter { !deletedNotes.contains($0.id) }
            case .state(let loaded): disk = loaded
            case .newer(let version):
                report("State file \(identity.fileName) is from a newer iskra (version \(version)); state will not be saved")
                return false
            case .damaged, .unreadable:
                moveAside()
                if !canSave { return false }
            }
            let merged = merge(into: disk)
            state = merged
            if let problem = writeAtomically(merged.json(book: identity).serialized(indent: 2) + "\n") {
                report("State will not be saved: \(problem)")
                return false
            }
            added.removeAll()
            deleted.removeAll()
            searched.removeAll()
            newPosition = nil
            changedNotes.removeAll()
            deletedNotes.removeAll()
            carriedNotes.removeAll()
            if waitingForLock {
                waitingForLock = false
                notices.append("State file free again: saved")
            }
            return true
        }
        return written ?? false
    }

    func merge(into disk: BookState) -> BookState {
        var merged = disk
        merged.bookmarks.removeAll { deleted.contains($0.id) }
        let present = Set(merged.bookmarks.map(\.id))
        merged.bookmarks += added.filter { !present.contains($0.id) && !deleted.contains($0.id) }
        merged.searches = Self.mergeSearches(disk.searches, searched, limit: maxSearches)
        if let newPosition { merged.position = newPosition }
        // A note edited here replaces the file's; one the other explorer deleted and this one
        // edited or undid comes back (the later intent wins over losing words).
        merged.notes.removeAll { deletedNotes.contains($0.id) }
        for note in changedNotes where !deletedNotes.contains(note.id) {
            if let index = merged.notes.firstIndex(where: { $0.id == note.id }) {
                if merged.notes[index].modified <= note.modified { merged.notes[index] = note }
            } else {
                merged.notes.append(note)
            }
        }
        return merged
    }

    // MARK: Files

    /// Runs `body` holding an exclusive flock on the lock file; nil (and a notice) when the
    /// lock cannot be taken, or is held by another program for longer than `patience`
    /// milliseconds (then `waitingForLock` is set and nothing is given up).
    private func withLock<T>(patience: Int = StateStore.lockPatience, _ body: () -> T) -> T? {
        guard let lockPath else { return nil }
        // Never through a link: a dangling one would make us create its target.
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            report("State will not be saved: cannot open \(lockPath) (\(BookFile.reason(errno)))")
            return nil
        }
        defer { close(descriptor) }
        // Never a blocking flock: a lock held for good would freeze the explorer, keys and
        // signals included. Poll instead, for a bounded time.
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            if reason == EINTR { continue }
            guard reason == EWOULDBLOCK else {
                report("State will not be saved: cannot lock \(lockPath) (\(BookFile.reason(reason)))")
                return nil
            }
            if waited >= patience {
                if !waitingForLock {
                    waitingForLock = true
                    notices.append("State file locked by another program: not saved yet, kept in memory")
                }
                return nil
            }
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            nanosleep(&pause, nil)
            waited += 10
        }
        defer { flock(descriptor, LOCK_UN) }
        return body()
    }

    /// Temporary file in the same directory, write, fsync, rename, fsync the directory.
    /// Returns a problem, or nil on success.
    func writeAtomically(_ text: String) -> String? {
        guard let directory, let path else { return "no state directory" }
        counter += 1
        let temporary = "\(directory)/.\(identity.fileName).tmp-\(session)-\(counter)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return "cannot write in \(directory) (\(BookFile.reason(errno)))" }
        var bytes = Array(text.utf8)
        var written = 0
        var problem: String?
        while written < bytes.count {
            let count = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                problem = "cannot write \(temporary) (\(BookFile.reason(errno)))"
                break
            }
            written += count
        }
        if problem == nil, fsync(descriptor) != 0 { problem = "cannot sync \(temporary) (\(BookFile.reason(errno)))" }
        if close(descriptor) != 0, problem == nil { problem = "cannot close \(temporary) (\(BookFile.reason(errno)))" }
        if problem == nil, rename(temporary, path) != 0 { problem = "cannot replace \(path) (\(BookFile.reason(errno)))" }
        if let problem {
            unlink(temporary)
            return problem
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
        return nil
    }

    /// `mkdir -p` with mode 0700; a problem, or nil when the directory exists or was made.
    static func makeDirectory(_ path: String) -> String? {
        var status = stat()
        if stat(path, &status) == 0 {
            return (status.st_mode & S_IFMT) == S_IFDIR ? nil : "not a directory"
        }
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !parent.isEmpty, parent != path, let problem = makeDirectory(parent) { return problem }
        if mkdir(path, 0o700) != 0 && errno != EEXIST { return BookFile.reason(errno) }
        return nil
    }

    /// Why a state directory is not ours to use (another user owns it, or anyone may write
    /// in it), or nil.
    static func ownershipProblem(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        if status.st_uid != geteuid() { return "belongs to another user" }
        if status.st_mode & S_IWOTH != 0 && status.st_mode & S_ISVTX == 0 { return "can be written by anyone" }
        return nil
    }

    static func trimSlash(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
