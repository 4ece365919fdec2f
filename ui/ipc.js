// The only module that talks to the Tauri backend.
const { invoke } = window.__TAURI__.core;

export function resourceGroups() {
  return invoke("resource_groups");
}
