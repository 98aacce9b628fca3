#if canImport(Glibc)
import Glibc
#endif
import Explorer
import IskraCore

/// Carries out the explorer's `.store` effects against the state file and reports back with
/// `.stored` actions, so the reducer stays pure.
final class StateRuntime {
    let store: StateStore
    let book: Book

    init(book: Book, identity: BookIdentity, directory: String? = StateStore.defaultDirectory()) {
        self.book = book
        self.store = StateStore(identity: identity, directory: directory)
    }

    /// What the explorer starts with: bookmarks, history, problems, and (unless `fresh`) the
    /// place the last session left off.
    func start(_ state: inout AppState, fresh: Bool) {
        _ = reduce(&state, .stored(.bookmarks(store.bookmarks)))
        _ = reduce(&state, .stored(.searchHistory(store.searchHistory)))
        if !fresh, let position = store.position { _ = reduce(&state, .stored(.restore(position))) }
        reportNotices(&state)
    }

    func carry(_ request: StoreRequest, _ state: inout AppState) {
        switch request {
        case .addBookmark(let place, let label):
            store.addBookmark(at: place, label: label)
            _ = reduce(&state, .stored(.bookmarks(store.bookmarks)))
            if !store.canSave {
                _ = reduce(&state, .stored(.notice("Bookmark kept for this session only: state cannot be saved")))
            }
        case .deleteBookmark(let id):
            store.deleteBookmark(id: id)
            _ = reduce(&state, .stored(.bookmarks(store.bookmarks)))
        case .recordSearch(let query):
            store.recordSearch(query)
            _ = reduce(&state, .stored(.searchHistory(store.searchHistory)))
        }
        reportNotices(&state)
    }

    /// Changes are waiting for another program's lock: the loop calls `retry` now and then.
    var isWaitingForLock: Bool { store.waitingForLock && store.hasUnsavedChanges }

    /// Tries again to save what waited for the lock (from the event loop, when idle).
    func retry(_ state: inout AppState) {
        store.save()
        reportNotices(&state)
    }

    /// Saves where the reader is. Returns problems found now, for the caller to print once the
    /// terminal is restored (the status bar is gone by then). A lock that stays held does not
    /// keep the user waiting for more than half a second.
    func finish(_ state: AppState) -> [String] {
        store.setPosition(book.storedPlace(state.textPlace))
        store.save(patience: 500)
        var notices = store.takeNotices()
        if store.waitingForLock && store.hasUnsavedChanges {
            notices = notices.filter { !$0.hasPrefix("State file locked") }
            notices.append("state not saved: the state file stayed locked by another program (\(store.path ?? ""))")
        }
        return notices
    }

    private func reportNotices(_ state: inout AppState) {
        let notices = store.takeNotices()
        if !notices.isEmpty { _ = reduce(&state, .stored(.notice(notices.joined(separator: "; ")))) }
    }
}
