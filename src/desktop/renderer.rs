//! How WebKitGTK draws the app's window on Linux. Its DMA-BUF renderer composites every frame with
//! OpenGL; on a machine without a GPU it may use (virtual machines, remote desktops, a NAS's
//! desktop, Xvfb) that OpenGL is Mesa's software rasterizer, and `scripts/figures` measured
//! frames of 250–400 ms and a first screen twice as slow as WebKit's own CPU drawing (50 ms).
//! There the app draws with the CPU, unless the person chose otherwise.

use std::fs::OpenOptions;
use std::path::Path;

/// WebKitGTK's switch: "1" draws with the CPU; a person who set it (to anything) is obeyed.
const DISABLE_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Turns the DMA-BUF renderer off when no GPU can draw. Called first in `main`, before any
/// other thread exists.
#[allow(unsafe_code)] // one environment write, before any thread reads it
pub fn choose_renderer() {
    if draw_with_cpu(
        std::env::var_os(DISABLE_DMABUF).is_some(),
        Path::new("/dev/dri"),
    ) {
        // SAFETY: nothing else runs yet: no thread can read the environment meanwhile.
        unsafe { std::env::set_var(DISABLE_DMABUF, "1") };
    }
}

/// Whether to draw with the CPU: the person has not `chosen`, and `dri` holds no render node
/// (`renderD128`, …) this user may open, so OpenGL would be software.
fn draw_with_cpu(chosen: bool, dri: &Path) -> bool {
    !chosen && !has_usable_render_node(dri)
}

fn has_usable_render_node(dri: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dri) else {
        return false;
    };
    entries.flatten().any(|entry| {
        entry.file_name().to_string_lossy().starts_with("renderD")
            && OpenOptions::new()
                .read(true)
                .write(true)
                .open(entry.path())
                .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_render_node_the_cpu_draws() {
        let dri = tempfile::tempdir().unwrap();
        assert!(draw_with_cpu(false, &dri.path().join("missing")));
        std::fs::write(dri.path().join("card0"), b"").unwrap();
        assert!(draw_with_cpu(false, dri.path()));
    }

    #[test]
    fn a_render_node_this_user_may_open_keeps_the_gpu() {
        let dri = tempfile::tempdir().unwrap();
        std::fs::write(dri.path().join("renderD128"), b"").unwrap();
        assert!(!draw_with_cpu(false, dri.path()));
    }

    #[test]
    fn a_person_who_set_the_variable_is_obeyed() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!draw_with_cpu(true, dri.path()));
    }
}
