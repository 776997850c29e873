/** Whether the device believes it has a network (reactive). */
export const network = $state<{ online: boolean }>({ online: typeof navigator === 'undefined' ? true : navigator.onLine });

addEventListener('online', () => {
  network.online = true;
});
addEventListener('offline', () => {
  network.online = false;
});
