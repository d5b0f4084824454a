//! The browser entry point. Everything else lives in `app`.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A marker the end-to-end tests wait for before they click: until now the page was only the
    // server's HTML.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__mciHydrated".into(), &true.into());
    }
}
