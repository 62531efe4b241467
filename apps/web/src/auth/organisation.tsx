import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Department, Page, Unit, User } from '../api/types';
import { useUser } from './session';

interface OrganisationValue {
  users: User[];
  departments: Department[];
  loaded: boolean;
  userName(id: string | null | undefined): string;
  departmentName(id: string | null | undefined): string;
  leaders: User[];
  /** The units the caller sees: their own, or (inspecting side) those they are given. */
  units: Unit[];
  unitName(id: string | null | undefined): string;
  /** The caller has no unit: the inspecting office (巡察办), cross-unit supervision, 巡察组. */
  inspectingSide: boolean;
  /** The unit the inspecting side narrows its lists to; undefined for all (or for a unit's user). */
  unitFilter: string | undefined;
  setUnitFilter(unitId: string | undefined): void;
  /** Loads users and departments again (after the organisation pages changed them). */
  reload(): void;
}

const OrganisationContext = createContext<OrganisationValue | null>(null);

const filterKey = (userId: string) => `rectiflow.unitFilter.${userId}`;

/**
 * Users, departments and units, loaded once per sign-in: every page names people, departments
 * and (for the inspecting side) units. The inspecting side's unit filter lives here too, kept
 * for the browser tab, so the inbox, rounds and dashboard narrow to the same unit.
 */
export function OrganisationProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useUser();
  const inspectingSide = me.unitId === null;
  const [users, setUsers] = useState<User[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const [unitFilter, setFilter] = useState<string | undefined>(
    () => (inspectingSide && sessionStorage.getItem(filterKey(me.id))) || undefined,
  );
  const setUnitFilter = useCallback(
    (unitId: string | undefined) => {
      if (!inspectingSide) return;
      if (unitId) sessionStorage.setItem(filterKey(me.id), unitId);
      else sessionStorage.removeItem(filterKey(me.id));
      setFilter(unitId);
    },
    [inspectingSide, me.id],
  );

  useEffect(() => {
    let live = true;
    void Promise.all([
      api.get<Page<User>>('/users?pageSize=500'),
      api.get<Page<Department>>('/departments?pageSize=500'),
      api.get<Page<Unit>>('/units?pageSize=500'),
    ])
      .then(([u, d, un]) => {
        if (!live) return;
        setUsers(u.items);
        setDepartments(d.items);
        setUnits(un.items);
        setLoaded(true);
      })
      .catch(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [generation]);

  const value = useMemo<OrganisationValue>(() => {
    const userById = new Map(users.map((u) => [u.id, u]));
    const deptById = new Map(departments.map((d) => [d.id, d]));
    const unitById = new Map(units.map((u) => [u.id, u]));
    return {
      users,
      departments,
      units,
      inspectingSide,
      unitFilter,
      setUnitFilter,
      reload,
      loaded,
      unitName: (id) => (id ? (unitById.get(id)?.name ?? id.slice(0, 8)) : '—'),
      leaders: users.filter((u) => u.roles.includes('leader')),
      userName: (id) =>
        id ? (userById.get(id)?.displayName ?? t('common.unknownUser')) : t('common.system'),
      departmentName: (id) => {
        if (!id) return '—';
        const d = deptById.get(id);
        return d ? `${d.name}（${d.code}）` : id.slice(0, 8);
      },
    };
  }, [users, departments, units, inspectingSide, unitFilter, setUnitFilter, reload, loaded, t]);
  return <OrganisationContext.Provider value={value}>{children}</OrganisationContext.Provider>;
}

export function useOrganisation(): OrganisationValue {
  const value = useContext(OrganisationContext);
  if (!value) throw new Error('useOrganisation outside OrganisationProvider');
  return value;
}
