#ifndef ISKRA_CNCURSESW_SHIM_H
#define ISKRA_CNCURSESW_SHIM_H
// The C side of CursesBackend: everything Swift cannot reach in <ncurses.h> (macros, C globals
// that Swift 6 rejects, the wide-character cell API) plus signal handlers, which are simpler
// and safer in C.
//
// Everything here is `static inline`, so each Swift object file that calls a function gets its
// own copy, and `static` state exists once PER OBJECT FILE. The signal state below is therefore
// only coherent when every `iskra_signals_*` call is made from ONE Swift source file
// (Sources/CursesBackend/Signals.swift). Keep it that way.

// SwiftPM drops -D_XOPEN_SOURCE, which hides the wide-character API; ask for it here.
#define NCURSES_WIDECHAR 1
#include <ncursesw/ncurses.h>

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

// wcwidth is hidden without _XOPEN_SOURCE; its declaration is stable, so declare it ourselves.
extern int wcwidth(wchar_t c);

// MARK: - C globals and function-like macros

static inline WINDOW *iskra_stdscr(void) { return stdscr; }
static inline WINDOW *iskra_curscr(void) { return curscr; }
static inline int iskra_lines(void) { return LINES; }
static inline int iskra_cols(void) { return COLS; }
static inline int iskra_colors(void) { return COLORS; }
static inline int iskra_color_pairs(void) { return COLOR_PAIRS; }
static inline int iskra_set_escdelay(int ms) { return set_escdelay(ms); }

/// Bracketed paste (xterm's mode 2004): the terminal marks pasted text, so a paste is never
/// taken for keystrokes. Terminals without it ignore the request.
static inline void iskra_set_bracketed_paste(bool on) {
    putp(on ? "\033[?2004h" : "\033[?2004l");
    fflush(stdout);
}
static inline int iskra_max_y(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int iskra_max_x(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline FILE *iskra_stdin(void) { return stdin; }
static inline FILE *iskra_stdout(void) { return stdout; }
static inline int iskra_wcwidth(wchar_t c) { return wcwidth(c); }

/// Whether the current LC_CTYPE codeset is UTF-8.
static inline bool iskra_codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/// The size of the terminal on `fd` (TIOCGWINSZ), in rows and columns; ERR when unknown.
static inline int iskra_terminal_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return ERR;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return OK;
}

// MARK: - Attributes

static inline attr_t iskra_wa_normal(void) { return WA_NORMAL; }
static inline attr_t iskra_wa_bold(void) { return WA_BOLD; }
static inline attr_t iskra_wa_dim(void) { return WA_DIM; }
static inline attr_t iskra_wa_italic(void) { return WA_ITALIC; }
static inline attr_t iskra_wa_underline(void) { return WA_UNDERLINE; }
static inline attr_t iskra_wa_reverse(void) { return WA_REVERSE; }
static inline attr_t iskra_wa_standout(void) { return WA_STANDOUT; }
static inline chtype iskra_a_normal(void) { return A_NORMAL; }
static inline chtype iskra_a_bold(void) { return A_BOLD; }
static inline chtype iskra_a_dim(void) { return A_DIM; }
static inline chtype iskra_a_italic(void) { return A_ITALIC; }
static inline chtype iskra_a_underline(void) { return A_UNDERLINE; }
static inline chtype iskra_a_reverse(void) { return A_REVERSE; }

// MARK: - Mouse masks

static inline mmask_t iskra_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t iskra_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t iskra_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t iskra_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t iskra_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t iskra_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t iskra_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t iskra_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t iskra_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t iskra_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t iskra_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

// MARK: - Key codes (octal macros and KEY_F(n))

static inline int iskra_key_code_yes(void) { return KEY_CODE_YES; }
static inline int iskra_key_down(void) { return KEY_DOWN; }
static inline int iskra_key_up(void) { return KEY_UP; }
static inline int iskra_key_left(void) { return KEY_LEFT; }
static inline int iskra_key_right(void) { return KEY_RIGHT; }
static inline int iskra_key_sf(void) { return KEY_SF; }
static inline int iskra_key_sr(void) { return KEY_SR; }
static inline int iskra_key_sleft(void) { return KEY_SLEFT; }
static inline int iskra_key_sright(void) { return KEY_SRIGHT; }
static inline int iskra_key_home(void) { return KEY_HOME; }
static inline int iskra_key_end(void) { return KEY_END; }
static inline int iskra_key_find(void) { return KEY_FIND; }
static inline int iskra_key_select(void) { return KEY_SELECT; }
static inline int iskra_key_npage(void) { return KEY_NPAGE; }
static inline int iskra_key_ppage(void) { return KEY_PPAGE; }
static inline int iskra_key_backspace(void) { return KEY_BACKSPACE; }
static inline int iskra_key_dc(void) { return KEY_DC; }
static inline int iskra_key_ic(void) { return KEY_IC; }
static inline int iskra_key_sdc(void) { return KEY_SDC; }
static inline int iskra_key_sic(void) { return KEY_SIC; }
static inline int iskra_key_shome(void) { return KEY_SHOME; }
static inline int iskra_key_send(void) { return KEY_SEND; }
static inline int iskra_key_sprevious(void) { return KEY_SPREVIOUS; }
static inline int iskra_key_snext(void) { return KEY_SNEXT; }
static inline int iskra_key_ll(void) { return KEY_LL; }
static inline int iskra_key_a1(void) { return KEY_A1; }
static inline int iskra_key_a3(void) { return KEY_A3; }
static inline int iskra_key_b2(void) { return KEY_B2; }
static inline int iskra_key_c1(void) { return KEY_C1; }
static inline int iskra_key_c3(void) { return KEY_C3; }
static inline int iskra_key_max(void) { return KEY_MAX; }
static inline int iskra_key_enter(void) { return KEY_ENTER; }
static inline int iskra_key_btab(void) { return KEY_BTAB; }
static inline int iskra_key_f(int n) { return KEY_F(n); }
static inline int iskra_key_f0(void) { return KEY_F0; }
static inline int iskra_key_resize(void) { return KEY_RESIZE; }
static inline int iskra_key_mouse(void) { return KEY_MOUSE; }

// MARK: - Wide-character cells

/// Sets a cchar_t from `wch` (NUL-terminated: one spacing character, then at most
/// CCHARW_MAX-1 combining ones), `attrs` and an extended colour `pair`, and puts it at y,x of
/// `win`. With `insert`, the cell is inserted instead of added, so the cursor does not advance:
/// the safe way to fill the bottom-right cell. Returns ERR when setcchar rejects the string.
static inline int iskra_put_cell(WINDOW *win, int y, int x, const wchar_t *wch, attr_t attrs,
                                 int pair, bool insert) {
    cchar_t cell;
    if (setcchar(&cell, wch, attrs, 0, &pair) == ERR) return ERR;
    if (insert) return mvwins_wch(win, y, x, &cell);
    return mvwadd_wch(win, y, x, &cell);
}

/// Reads the cell at y,x of `win`: its characters (NUL-terminated, at most `capacity`
/// including the NUL, which must be at least CCHARW_MAX+1), attributes and colour pair.
static inline int iskra_read_cell(WINDOW *win, int y, int x, wchar_t *out, int capacity,
                                  attr_t *attrs, int *pair) {
    cchar_t cell;
    if (capacity < CCHARW_MAX + 1) return ERR;
    if (mvwin_wch(win, y, x, &cell) == ERR) return ERR;
    short short_pair = 0;
    *pair = 0;
    if (getcchar(&cell, out, attrs, &short_pair, pair) == ERR) return ERR;
    return OK;
}

// MARK: - Signals
//
// Quit signals (INT, TERM, HUP) only set a flag; they are installed WITHOUT SA_RESTART so a
// blocking read returns at once. Crash signals restore the terminal (endwin) and then re-raise
// with the previous action, so the Swift backtracer or the default action still run.
//
// With job control, Ctrl-Z (SIGTSTP) and SIGCONT also only set flags, without SA_RESTART: the
// session suspends itself between reads (endwin, then iskra_signals_stop) and, once continued,
// reads the terminal size and turns the keypad on again before it reads another key. ncurses'
// own SIGTSTP handler suspends from inside the read it interrupted, which then carries on
// with the terminal's keypad mode off and without noticing a resize made while stopped.
// ncurses installs its handler only where SIGTSTP has the default action, so ours, installed
// before newterm, stays.

static volatile sig_atomic_t iskra_quit_signal = 0;
static volatile sig_atomic_t iskra_curses_live = 0;
static volatile sig_atomic_t iskra_mouse_live = 0;
static bool iskra_handlers_installed = false;
static volatile sig_atomic_t iskra_suspend_requested = 0;
static volatile sig_atomic_t iskra_continued = 0;
static bool iskra_job_control = false;

static const int iskra_quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
static const int iskra_crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
#define ISKRA_QUIT_COUNT 3
#define ISKRA_CRASH_COUNT 6
// Explicit initialisers: Swift's Clang code generation does not emit tentative definitions.
static struct sigaction iskra_old_quit[ISKRA_QUIT_COUNT] = { { { 0 } } };
static struct sigaction iskra_old_crash[ISKRA_CRASH_COUNT] = { { { 0 } } };
static void *iskra_alt_stack = NULL;
static struct sigaction iskra_old_tstp = { { 0 } };
static struct sigaction iskra_old_cont = { { 0 } };

static void iskra_on_quit_signal(int sig) { iskra_quit_signal = sig; }
static void iskra_on_tstp(int sig) { (void)sig; iskra_suspend_requested = 1; }
static void iskra_on_cont(int sig) { (void)sig; iskra_continued = 1; }

static void iskra_on_crash_signal(int sig, siginfo_t *info, void *context) {
    (void)context;
    int saved_errno = errno;
    if (iskra_curses_live) {
        iskra_curses_live = 0;
        // Bracketed paste off (a plain write is safe in a signal handler).
        (void)!write(STDOUT_FILENO, "\033[?2004l", 8);
        if (iskra_mouse_live) mousemask(0, NULL);
        curs_set(1);
        endwin();
    }
    // Chain: put back what was there before us and deliver the signal again. It is blocked
    // while we run, so it arrives as soon as this handler returns, at the same program
    // counter (the previous handler, e.g. the Swift backtracer, sees the real crash site);
    // should it return, a hardware fault simply recurs.
    for (int i = 0; i < ISKRA_CRASH_COUNT; i++) {
        if (iskra_crash_signals[i] == sig) {
            sigaction(sig, &iskra_old_crash[i], NULL);
            break;
        }
    }
    (void)info;
    raise(sig);
    errno = saved_errno;
}

/// Installs the quit and crash handlers (once; later calls do nothing until uninstall), and
/// with `job_control` the SIGTSTP and SIGCONT flags (SIGTSTP only where it has the default
/// action: an ignored Ctrl-Z stays ignored).
static inline void iskra_signals_install(bool job_control) {
    if (iskra_handlers_installed) return;
    iskra_handlers_installed = true;
    iskra_quit_signal = 0;
    iskra_suspend_requested = 0;
    iskra_continued = 0;
    iskra_job_control = false;
    if (job_control) {
        struct sigaction current;
        if (sigaction(SIGTSTP, NULL, &current) == 0 && current.sa_handler == SIG_DFL) {
            struct sigaction flag;
            memset(&flag, 0, sizeof flag);
            sigemptyset(&flag.sa_mask);
            flag.sa_flags = 0; // no SA_RESTART: get_wch must return so the session can stop
            flag.sa_handler = iskra_on_tstp;
            sigaction(SIGTSTP, &flag, &iskra_old_tstp);
            flag.sa_handler = iskra_on_cont;
            sigaction(SIGCONT, &flag, &iskra_old_cont);
            iskra_job_control = true;
        }
    }

    // A stack overflow can only be handled on an alternate stack; keep one that is present.
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
        size_t size = 64 * 1024;
        if (iskra_alt_stack == NULL) iskra_alt_stack = malloc(size);
        if (iskra_alt_stack != NULL) {
            stack_t stack = { .ss_sp = iskra_alt_stack, .ss_flags = 0, .ss_size = size };
            sigaltstack(&stack, NULL);
        }
    }

    struct sigaction quit;
    memset(&quit, 0, sizeof quit);
    quit.sa_handler = iskra_on_quit_signal;
    sigemptyset(&quit.sa_mask);
    quit.sa_flags = 0; // no SA_RESTART: get_wch must return when a quit signal arrives
    for (int i = 0; i < ISKRA_QUIT_COUNT; i++)
        sigaction(iskra_quit_signals[i], &quit, &iskra_old_quit[i]);

    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    crash.sa_sigaction = iskra_on_crash_signal;
    sigemptyset(&crash.sa_mask);
    crash.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (int i = 0; i < ISKRA_CRASH_COUNT; i++)
        sigaction(iskra_crash_signals[i], &crash, &iskra_old_crash[i]);

    // A parent may have blocked signals and exec keeps the mask: unblock the ones the
    // explorer lives by (quit requests, and SIGWINCH/SIGTSTP/SIGCONT that ncurses handles).
    sigset_t wanted;
    sigemptyset(&wanted);
    for (int i = 0; i < ISKRA_QUIT_COUNT; i++) sigaddset(&wanted, iskra_quit_signals[i]);
    sigaddset(&wanted, SIGWINCH);
    sigaddset(&wanted, SIGTSTP);
    sigaddset(&wanted, SIGCONT);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
}

/// Puts back the handlers that were there before iskra_signals_install.
static inline void iskra_signals_uninstall(void) {
    if (!iskra_handlers_installed) return;
    iskra_handlers_installed = false;
    iskra_curses_live = 0;
    iskra_mouse_live = 0;
    for (int i = 0; i < ISKRA_CRASH_COUNT; i++)
        sigaction(iskra_crash_signals[i], &iskra_old_crash[i], NULL);
    for (int i = 0; i < ISKRA_QUIT_COUNT; i++)
        sigaction(iskra_quit_signals[i], &iskra_old_quit[i], NULL);
    if (iskra_job_control) {
        iskra_job_control = false;
        sigaction(SIGTSTP, &iskra_old_tstp, NULL);
        sigaction(SIGCONT, &iskra_old_cont, NULL);
    }
}

/// Whether Ctrl-Z (SIGTSTP) arrived since the last call; clears it.
static inline bool iskra_signals_take_suspend(void) {
    if (!iskra_suspend_requested) return false;
    iskra_suspend_requested = 0;
    return true;
}

/// Whether SIGCONT arrived since the last call (the process was stopped and continued, by
/// Ctrl-Z and fg or by SIGSTOP and SIGCONT); clears it.
static inline bool iskra_signals_take_continued(void) {
    if (!iskra_continued) return false;
    iskra_continued = 0;
    return true;
}

/// Stops the process as Ctrl-Z asks (the caller has put the terminal back first) and returns
/// once it is continued. A process group with no shell to continue it (an orphaned one) is
/// not stopped by the system, and this returns at once.
static inline void iskra_signals_stop(void) {
    struct sigaction stop, ours;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &ours);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    raise(SIGTSTP);
    sigaction(SIGTSTP, &ours, NULL);
}

/// Tells the crash handler whether there is a live curses screen (and mouse mode) to undo.
static inline void iskra_signals_set_curses_live(bool live, bool mouse) {
    iskra_mouse_live = mouse;
    iskra_curses_live = live;
}

/// The quit signal received since install (SIGINT, SIGTERM or SIGHUP), or 0.
static inline int iskra_signals_quit_signal(void) { return iskra_quit_signal; }

#endif
