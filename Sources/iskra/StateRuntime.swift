#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Explorer
import IskraCore

/// Opens the state file for the book loaded, and carries out the explorer's `.store` effects against the state file, off the loop's thread:
/// each request is a job on one serial queue (the store is used by nothing else once the
/// explorer runs), and what the file then holds comes back as `.stored` actions, so the
/// reducer stays pure and a slow disk or a held lock never stops a keystroke.
final class StateRuntime: @unchecked Sendable {
    // Touched only on `queue`: set by `open`, from the loading job, before any request.
    private var store: StateStore!
    private let directory: String?
    private let queue = DispatchQueue(label: "iskra.state")
    /// While another program holds the lock, a save is tried again this often.
    static let retryDelay = DispatchTimeInterval.seconds(1)

    init(directory: String? = StateStore.defaultDirectory()) {
        self.directory = directory
    }

    /// Opens the state file of the book loaded (in the loading job, off the loop's thread)
    /// and returns what the explorer starts with: bookmarks, history, problems, and (unless
    /// `fresh`) the place the last session left off.
    func open(identity: BookIdentity, fresh: Bool) -> [StoredEvent] {
        queue.sync {
            store = StateStore(identity: identity, directory: directory)
            var events: [StoredEvent] = [.bookmarks(store.bookmarks), .searchHistory(store.searchHistory)]
            if !store.notes.isEmpty { events.append(.notes(store.notes)) }
            if !fresh, let position = store.position { events.append(.restore(position)) }
            let notices = store.takeNotices()
            if !notices.isEmpty { events.append(.notice(notices.joined(separator: "; "))) }
            return events
        }
    }

    /// Starts a job for `request`; its result comes back through `jobs`.
    func carry(_ request: StoreRequest, jobs: Jobs) {
        jobs.start(on: queue) { [self] in
            var actions: [Action]
            switch request {
            case .addBookmark(let place, let label):
                store.addBookmark(at: place, label: label)
                actions = [.stored(.bookmarks(store.bookmarks))]
                if !store.canSave {
                    actions.append(.stored(.notice("Bookmark kept for this session only: state cannot be saved")))
                }
            case .deleteBookmark(let id):
                store.deleteBookmark(id: id)
                actions = [.stored(.bookmarks(store.bookmarks))]
            case .recordSearch(let query):
                store.recordSearch(query)
                actions = [.stored(.searchHistory(store.searchHistory))]
            case .addNote(let anchor, let text):
                store.addNote(anchor, text: text)
                actions = [.stored(.notes(store.notes))]
                if !store.canSave {
                    actions.append(.stored(.notice("Note kept for this session only: state cannot be saved")))
                }
            case .editNote(let note, let text):
                store.editNote(note, text: text)
                actions = [.stored(.notes(store.notes))]
            case .deleteNote(let id):
                store.deleteNote(id: id)
                actions = [.stored(.notes(store.notes))]
            case .putNote(let note):
                store.putNote(note)
                actions = [.stored(.notes(store.notes))]
            }
            if store.waitingForLock && store.hasUnsavedChanges { retry(jobs: jobs) }
            return actions + notices()
        }
    }

    /// Another program holds the state file's lock: try again later, on the queue, until a
    /// save gets it (its "free again" notice comes back as an action).
    private func retry(jobs: Jobs) {
        jobs.start(on: queue, after: Self.retryDelay) { [self] in
            store.save()
            if store.waitingForLock && store.hasUnsavedChanges { retry(jobs: jobs) }
            return notices()
        }
    }

    /// Saves where the reader is, once every job before it is done. Returns problems, for the
    /// caller to print once the terminal is restored (the status bar is gone by then). A lock
    /// that stays held does not keep the user waiting for more than half a second.
    func finish(_ state: AppState) -> [String] {
        let place = state.storedTextPlace
        return queue.sync {
            store.setPosition(place)
            store.save(patience: 500)
            var notices = store.takeNotices()
            if store.waitingForLock && store.hasUnsavedChanges {
                notices = notices.filter { !$0.hasPrefix("State file locked") }
                notices.append("state not saved: the state file stayed locked by another program (\(store.path ?? ""))")
            }
            return notices
        }
    }

    /// The store's problems so far, as one notice action.
    private func notices() -> [Action] {
        let notices = store.takeNotices()
        return notices.isEmpty ? [] : [.stored(.notice(notices.joined(separator: "; ")))]
    }
}
