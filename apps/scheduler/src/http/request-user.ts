/**
 * Who made an API request. The management API has no authentication yet (it arrives with the operator
 * console): until then every request is anonymous, and jobs it starts record no user.
 */
export function requestUser(): string | null {
  return null;
}
